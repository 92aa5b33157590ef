import type { ReactNode } from 'react';
import { Card, MessageBar, MessageBarBody, Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
});

/** A titled region of a page (a landmark with its own heading, so screen readers can jump between them). */
export function Section({ id, title, children, loading, error }: { id: string; title: string; children?: ReactNode; loading?: boolean; error?: unknown }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="region" aria-labelledby={id}>
      <Subtitle2 as="h2" id={id} className={styles.heading}>{title}</Subtitle2>
      {error ? <ErrorBar error={error} /> : loading ? <Spinner size="small" label="Loading" /> : children}
    </Card>
  );
}

export function ErrorBar({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  return <MessageBar intent="error"><MessageBarBody>{message}</MessageBarBody></MessageBar>;
}
