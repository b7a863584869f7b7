/**
 * Police records in one case conference's window. IOM owns the window and the agenda; the gateway
 * brings the window and the person's PNC ID (from the person index) in the representation, so the
 * answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';
import { IdentifierType, identifierFromReference } from '../../kit/identifiers';
import { conferenceWindowFrom, inConferenceWindow } from '../../kit/conference-window';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';
import { PolicePerson } from './police-person';
import type { PoliceContext } from './person.resolver';

@ObjectType('ConferenceEvidence')
@Directive('@key(fields: "id")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class PoliceConferenceEvidence {
  @Field(() => ID)
  id!: string;

  /** Owned by IOM: the first day of the window. */
  @Field(() => LocalDateResolver, { nullable: true })
  @Directive('@external')
  since!: string;

  /** Owned by IOM: the conference day. */
  @Field(() => LocalDateResolver, { nullable: true })
  @Directive('@external')
  until!: string;

  /** Owned by IOM; the gateway brings its PNC ID from the person index. */
  @Field(() => PolicePerson, { nullable: true })
  @Directive('@external')
  person?: PolicePerson | null;

  /** The person's PNC ID, from the representation: what the row rule and the loaders use. */
  pncId!: string | null;
}

const REQUIRES_WINDOW = '@requires(fields: "since until person { pncId }")';

@Resolver(() => PoliceConferenceEvidence)
export class PoliceConferenceEvidenceResolver {
  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceOffence], { nullable: true, description: 'Offences committed in the window, newest first; null when the police hold no record of the person.' })
  async offences(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceOffence[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.offencesByPncId.load(evidence.pncId)).filter((offence) => inConferenceWindow(evidence, offence.committedOn));
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: 'Arrests in the window, newest first; null when the police hold no record of the person.' })
  async arrests(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceArrest[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.arrestsByPncId.load(evidence.pncId)).filter((arrest) => inConferenceWindow(evidence, arrest.arrestedOn));
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceDrugTest], { nullable: true, description: 'Drug tests on arrest in the window, newest first; null when the police hold no record of the person.' })
  async drugTestsOnArrest(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceDrugTest[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.drugTestsByPncId.load(evidence.pncId)).filter((test) => inConferenceWindow(evidence, test.testedOn));
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceHomeVisit], { nullable: true, description: 'Home visits in the window, newest first; null when the police hold no record of the person.' })
  async homeVisits(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceHomeVisit[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.homeVisitsByPncId.load(evidence.pncId)).filter((visit) => inConferenceWindow(evidence, visit.visitedOn));
  }
}

/**
 * The window and the PNC ID come in the representation. A malformed window is answered as no
 * evidence; a person outside the caller's row rule as one who does not exist (null).
 */
export async function resolveConferenceEvidence(
  reference: { id?: unknown; since?: unknown; until?: unknown; person?: { pncId?: unknown } | null },
  context: PoliceContext,
): Promise<PoliceConferenceEvidence | null> {
  const window = conferenceWindowFrom(reference);
  if (!window) return null;
  const pncId = identifierFromReference(IdentifierType.PNC_ID, reference.person?.pncId);
  if (pncId && !(await context.rows.allows(IdentifierType.PNC_ID, pncId))) return null;
  const nominal = pncId ? await context.loaders.nominalByPncId.load(pncId) : null;
  return { ...window, pncId: nominal?.pncId ?? null };
}
