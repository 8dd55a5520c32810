import { Alert } from '../alerts/entities/alert.entity.js';
import { ApiToken } from '../auth/entities/api-token.entity.js';
import { Membership } from '../auth/entities/membership.entity.js';
import { ArtifactRevision } from '../artifacts/entities/artifact-revision.entity.js';
import { Artifact } from '../artifacts/entities/artifact.entity.js';
import { AskStatusChange } from '../asks/entities/ask-status-change.entity.js';
import { Ask } from '../asks/entities/ask.entity.js';
import { AuditEntry } from '../audit/entities/audit-entry.entity.js';
import { Decision } from '../decisions/entities/decision.entity.js';
import { DeliveryAttachment } from '../delivery/entities/delivery-attachment.entity.js';
import { Delivery } from '../delivery/entities/delivery.entity.js';
import { Meeting } from '../meetings/entities/meeting.entity.js';
import { DealGroupOverride } from '../metrics/entities/deal-group-override.entity.js';
import { MotionChange } from '../motions/entities/motion-change.entity.js';
import { MotionForecast } from '../motions/entities/motion-forecast.entity.js';
import { Motion } from '../motions/entities/motion.entity.js';
import { NamedAccountSet } from '../named-accounts/entities/named-account-set.entity.js';
import { Account } from '../opportunities/entities/account.entity.js';
import { OpportunityHistory } from '../opportunities/entities/opportunity-history.entity.js';
import { Opportunity } from '../opportunities/entities/opportunity.entity.js';
import { PreworkPacket } from '../packets/entities/prework-packet.entity.js';
import { CrmConnection } from '../partnerships/entities/crm-connection.entity.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { Person } from '../partnerships/entities/person.entity.js';
import { Side } from '../partnerships/entities/side.entity.js';
import { QuarantinedRecordRow } from '../sync/entities/quarantined-record.entity.js';
import { SyncRun } from '../sync/entities/sync-run.entity.js';
import { User } from '../users/entities/user.entity.js';

/** Listed, not globbed: the same list works from sources, tests and the build. */
export const entities = [
  User,
  ApiToken,
  Membership,
  Partnership,
  Side,
  Person,
  CrmConnection,
  Account,
  Opportunity,
  OpportunityHistory,
  Motion,
  MotionForecast,
  MotionChange,
  Ask,
  AskStatusChange,
  Meeting,
  Decision,
  PreworkPacket,
  Artifact,
  ArtifactRevision,
  NamedAccountSet,
  DealGroupOverride,
  AuditEntry,
  SyncRun,
  QuarantinedRecordRow,
  Alert,
  Delivery,
  DeliveryAttachment,
];
