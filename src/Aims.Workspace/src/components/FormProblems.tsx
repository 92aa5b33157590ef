import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ApiError, otherErrors } from '../api';

/**
 * What the API refused that no field on the form shows, and for 409/412 an offer to reload the stored version: the form keeps
 * what was typed, and the next save is made against the version just read.
 */
export function FormProblems({ error, fields, onReload }: { error: unknown; fields: string[]; onReload?: () => void }) {
  if (!error) return null;
  if (error instanceof ApiError && error.isConflict) {
    return (
      <MessageBar intent="warning" role="alert">
        <MessageBarBody><MessageBarTitle>Someone changed this since you opened it</MessageBarTitle>{error.message}</MessageBarBody>
        {onReload && <MessageBarActions><Button onClick={onReload}>Reload their version, keep my edits</Button></MessageBarActions>}
      </MessageBar>
    );
  }
  const rest = otherErrors(error, fields);
  const fieldsShown = error instanceof ApiError && error.problem.errors && rest.length === 0;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{fieldsShown ? 'Check the fields marked below' : error instanceof ApiError ? error.problem.title ?? 'Refused' : 'Failed'}</MessageBarTitle>
        {!fieldsShown && !(error instanceof ApiError && error.problem.errors) && (error instanceof Error ? error.message : String(error))}
        {rest.length > 0 && <ul>{rest.map((r) => <li key={r}>{r}</li>)}</ul>}
      </MessageBarBody>
    </MessageBar>
  );
}
