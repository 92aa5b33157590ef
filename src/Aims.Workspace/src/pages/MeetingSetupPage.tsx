import { useEffect, useState } from 'react';
import { MessageBar, MessageBarBody, Text, Title2 } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';

/**
 * The configuration page Teams shows when the app is added to a meeting: it names the side panel's page (the management review,
 * compact) and lets Teams save it. Outside Teams it only explains itself.
 */
export function MeetingSetupPage({ inTeams }: { inTeams: boolean }) {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!inTeams) return;
    try {
      pages.config.registerOnSaveHandler((save) => {
        pages.config.setConfig({
          entityId: 'management-review',
          contentUrl: new URL('meeting?host=teams', document.baseURI).toString(),
          websiteUrl: new URL('review', document.baseURI).toString(),
          suggestedDisplayName: 'Management review',
        }).then(() => save.notifySuccess(), (e: unknown) => save.notifyFailure(e instanceof Error ? e.message : String(e)));
      });
      pages.config.setValidityState(true);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  }, [inTeams]);
  return (
    <>
      <Title2 as="h1">Management review in this meeting</Title2>
      <Text>Save to add the management review to this meeting: its side panel shows the latest digest, and top management records
        the review's conclusion and decisions there during the meeting.</Text>
      {!inTeams && <MessageBar intent="info"><MessageBarBody>Teams shows this page when the AIMS app is added to a meeting.</MessageBarBody></MessageBar>}
      {problem && <MessageBar intent="error"><MessageBarBody>{problem}</MessageBarBody></MessageBar>}
    </>
  );
}
