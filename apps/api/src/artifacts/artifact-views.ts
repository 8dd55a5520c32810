import type {
  ArtifactContent,
  ArtifactDiffEntry,
  ArtifactRevisionSummary,
  ArtifactRevisionView,
  ArtifactView,
} from '@alignboard/contracts';
import type { ArtifactRevision } from './entities/artifact-revision.entity.js';
import type { Artifact } from './entities/artifact.entity.js';

/** Emails by user id, for authors and confirmers. */
export type EmailOf = (userId: string | null) => string | null;

export function revisionSummaryOf(r: ArtifactRevision, emailOf: EmailOf): ArtifactRevisionSummary {
  return {
    revision: r.revision,
    author: emailOf(r.authorId),
    createdAt: r.createdAt.toISOString(),
    diff: r.diff as ArtifactDiffEntry[],
  };
}

export function revisionViewOf(r: ArtifactRevision, emailOf: EmailOf): ArtifactRevisionView {
  return { ...revisionSummaryOf(r, emailOf), content: r.content as unknown as ArtifactContent };
}

/** `history` is every revision, oldest first; its last one is the latest. */
export function artifactViewOf(
  a: Artifact,
  history: ArtifactRevision[],
  emailOf: EmailOf,
): ArtifactView {
  const latest = history.at(-1)!;
  const confirmation = (at: Date | null, by: string | null) =>
    at ? { at: at.toISOString(), by: emailOf(by) } : null;
  return {
    id: a.id,
    quarter: a.quarter,
    revision: a.currentRevision,
    content: latest.content as unknown as ArtifactContent,
    author: emailOf(latest.authorId),
    updatedAt: latest.createdAt.toISOString(),
    confirmations: {
      A: confirmation(a.confirmedAAt, a.confirmedABy),
      B: confirmation(a.confirmedBAt, a.confirmedBBy),
    },
    sentAt: a.sentAt?.toISOString() ?? null,
    sentRevision: a.sentRevision,
    lastSentAt: a.lastSentAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    history: history.map((r) => revisionSummaryOf(r, emailOf)),
  };
}
