import type { Coding, Resource } from 'fhir/r4';

/** CDS Hooks 2.0 response shapes (interop A7). Optional members are omitted, never empty. */
export interface CdsCoding {
  system: string;
  code: string;
  display?: string;
}
export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Resource;
  resourceId?: string;
}
export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions?: CdsAction[];
}
export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
  autolaunchable?: boolean;
}
export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; icon?: string; topic?: Coding };
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: CdsCoding[];
  links?: CdsLink[];
}
export interface CdsResponse {
  cards: CdsCard[];
  systemActions?: CdsAction[];
}

export type CardKind = 'candidacy' | 'approach' | 'actionable' | 'data-unavailable';
