// The shapes the screens read, taken from the server's own zod schemas and types. Every import here is
// `import type`: erased at build time, so neither zod nor any server code reaches a browser bundle
// (.dependency-cruiser.mjs `screens-through-the-api` keeps it that way).
import type { z } from 'zod';
import type { SignedIn as SignedInSchema, Me as MeSchema } from '../../../../server/http/routes/auth';
import type { CirculationResult as CirculationResultSchema } from '../../../../server/http/routes/circulation';
import type { BoardSummary as BoardSummarySchema } from '../../../../server/http/routes/dashboard';
import type { ReportTableSchema } from '../../../../server/http/routes/reports';
import type {
  BoardHolders as BoardHoldersSchema,
  BoardLoans as BoardLoansSchema,
  StationActivityView as StationActivitySchema,
} from '../../../../server/http/routes/dashboard-people';
import type {
  AlarmActionView as AlarmActionSchema,
  AlarmView as AlarmViewSchema,
} from '../../../../server/http/routes/devices';
import type { SearchResponse as SearchResultSchema } from '../../../../server/http/routes/search';
import type { FolderTimeline as FolderTimelineSchema } from '../../../../server/http/routes/timeline';
import type {
  NoticeSummaryView as NoticeSummarySchema,
  OutboxStatus as OutboxStatusSchema,
} from '../../../../server/http/routes/notifications';
import type {
  CabinetMapView as CabinetMapSchema,
  DeviceHealthList as DeviceHealthListSchema,
} from '../../../../server/http/routes/dashboard-devices';
import type {
  Holdings as HoldingsSchema,
  ItemView as ItemViewSchema,
  OverdueLoans as OverdueLoansSchema,
  StationSummary as StationSummarySchema,
  StationView as StationViewSchema,
} from '../../../../server/http/schemas';
import type { INSPECTION_RESULTS } from '../../../../server/domain/vocabulary';

export type ItemView = z.infer<typeof ItemViewSchema>;
export type StationInfo = z.infer<typeof StationViewSchema>;
export type Summary = z.infer<typeof StationSummarySchema>;
export type Me = z.infer<typeof MeSchema>;
export type SignedIn = z.infer<typeof SignedInSchema>;
export type CirculationResult = z.infer<typeof CirculationResultSchema>;
export type Inspection = (typeof INSPECTION_RESULTS)[number];
/** GET /holdings and /holdings/all: a page of loans, `total` across all pages. */
export type Holdings = z.infer<typeof HoldingsSchema>;
/** A person's overdue loans, as every sign-in answer carries them (Me.overdue). */
export type OverdueLoans = z.infer<typeof OverdueLoansSchema>;
/** GET /dashboard/summary: the live board's counts over the records the caller may read. */
export type BoardSummary = z.infer<typeof BoardSummarySchema>;
/** GET /alarms: an alarm with its label in both languages. */
export type AlarmView = z.infer<typeof AlarmViewSchema>;
/** One row of an alarm's append-only log: acknowledged (a note), escalated (a level), resolved (a cause). */
export type AlarmAction = z.infer<typeof AlarmActionSchema>;
/** GET /alarms/:id/log: the alarm as it is now and its log, oldest first. */
export interface AlarmLog {
  alarm: AlarmView;
  actions: AlarmAction[];
}
/** GET /search: hits routed by the entry's shape (item, dossier, property with its dossiers' volumes). */
export type SearchResult = z.infer<typeof SearchResultSchema>;
/** GET /items/:id/timeline: a folder's custody rows oldest first and the chain's verdict through its last. */
export type FolderTimeline = z.infer<typeof FolderTimelineSchema>;
export type TimelineEntry = FolderTimeline['entries'][number];
export type ChainVerification = FolderTimeline['verification'];
/** GET /notifications/outbox: counts per channel and status, the recent notices (no bodies). */
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;
/** A notice as the outbox status shows it. */
export type NoticeSummary = z.infer<typeof NoticeSummarySchema>;
/** GET /dashboard/devices: every device's health, the ones needing a look first. */
export type DeviceHealthList = z.infer<typeof DeviceHealthListSchema>;
/** GET /dashboard/cabinets: rooms, cabinets, shelves with their counts and the readers' view. */
export type CabinetMap = z.infer<typeof CabinetMapSchema>;
/** GET /dashboard/holders: who holds what, per person (a page) or per department. */
export type BoardHolders = z.infer<typeof BoardHoldersSchema>;
/** GET /dashboard/loans: loans with the holder's contact masked per role. */
export type BoardLoans = z.infer<typeof BoardLoansSchema>;
/** GET /dashboard/stations: one kiosk station's activity. */
export type StationActivity = z.infer<typeof StationActivitySchema>;
/** GET /reports/:report: one report's columns, rows and period, in the caller's language. */
export type ReportTable = z.infer<typeof ReportTableSchema>;
