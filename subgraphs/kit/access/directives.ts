/**
 * Decorators that put Federation's access directives on type-graphql fields and types, so each
 * rule sits in the SDL next to the data it guards and composes into the supergraph.
 */
import { Directive } from 'type-graphql';

/** The data categories of the information sharing agreement (schema/access-policy.json). */
export const Scope = {
  IDENTITY: 'identity',
  IDENTITY_LINKING: 'identity-linking',
  PERSON_RESTRICTION: 'person-restriction',
  OFFENDING: 'offending',
  POLICE_INTELLIGENCE: 'police-intelligence',
  SENTENCE: 'sentence',
  RISK: 'risk',
  HOUSING_STATUS: 'housing-status',
  HOUSING_DETAIL: 'housing-detail',
  TREATMENT_ENGAGEMENT: 'treatment-engagement',
  TREATMENT_CLINICAL: 'treatment-clinical',
  CASE_CONFERENCE: 'case-conference',
  CASE_MANAGEMENT: 'case-management',
  AGGREGATE_STATISTICS: 'aggregate-statistics',
  AUDIT: 'audit',
} as const;
export type ScopeName = (typeof Scope)[keyof typeof Scope];

export const AccessPolicyName = {
  ROWS: 'rows',
  CLINICAL_CONSENT: 'clinical-consent',
} as const;

/** Needs every scope listed (one group); pass several groups to `RequiresAnyScopes` for "or". */
export function RequiresScope(...allOf: ScopeName[]) {
  return Directive(`@requiresScopes(scopes: ${JSON.stringify([allOf])})`);
}

export function RequiresAnyScopes(...anyOf: ScopeName[][]) {
  return Directive(`@requiresScopes(scopes: ${JSON.stringify(anyOf)})`);
}

export function Authenticated() {
  return Directive('@authenticated');
}

export function RequiresPolicy(...allOf: string[]) {
  return Directive(`@policy(policies: ${JSON.stringify([allOf])})`);
}
