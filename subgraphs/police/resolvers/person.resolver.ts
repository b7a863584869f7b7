import { RequiresAnyScopes, RequiresScope, Scope } from '../../kit/access/directives';
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../kit/errors';
import type { SubgraphContext } from '../../kit/subgraph';
import { PoliceNominal } from '../entities/nominal.entity';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';
import type { PoliceLoaders } from '../services/police-loaders';
import { PolicePerson } from './police-person';

export type PoliceContext = SubgraphContext<PoliceLoaders>;

/** The case conference's window, owned by IOM: the gateway fetches both ends before these fields run. */
const REQUIRES_REVIEW_WINDOW = '@requires(fields: "iomLastReviewedOn iomEvidenceUntil")';

function reviewWindow(person: PolicePerson): { since: string; until: string } | null {
  return person.iomLastReviewedOn && person.iomEvidenceUntil ? { since: person.iomLastReviewedOn, until: person.iomEvidenceUntil } : null;
}

function within(day: string, window: { since: string; until: string }): boolean {
  return day >= window.since && day <= window.until;
}

/** The police's fields on a person. Each list is batched per request through a DataLoader. */
@Resolver(() => PolicePerson)
export class PolicePersonResolver {
  @RequiresAnyScopes([Scope.OFFENDING], [Scope.POLICE_INTELLIGENCE])
  @FieldResolver(() => PoliceNominal, { nullable: true, description: "The police's nominal record; null when the police hold none." })
  async nominal(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceNominal | null> {
    return person.pncId ? context.loaders.nominalByPncId.load(person.pncId) : null;
  }

  @RequiresScope(Scope.OFFENDING)
  @FieldResolver(() => [PoliceOffence], { nullable: true, description: 'Recorded offences, newest first, optionally within dates (inclusive) and detected only.' })
  async offences(
    @Root() person: PolicePerson,
    @Ctx() context: PoliceContext,
    @Arg('from', () => LocalDateResolver, { nullable: true, description: 'Committed on or after this date.' }) from: string | null,
    @Arg('to', () => LocalDateResolver, { nullable: true, description: 'Committed on or before this date.' }) to: string | null,
    @Arg('detectedOnly', () => Boolean, { nullable: true, defaultValue: false }) detectedOnly: boolean | null,
  ): Promise<PoliceOffence[]> {
    if (from && to && from > to) throw badUserInput(`"from" (${from}) is after "to" (${to}): give a range whose start is on or before its end.`, { argumentName: 'from' });
    if (!person.pncId) return [];
    const offences = await context.loaders.offencesByPncId.load(person.pncId);
    return offences.filter((offence) => (!from || offence.committedOn >= from) && (!to || offence.committedOn <= to) && (!detectedOnly || offence.detected));
  }

  @RequiresScope(Scope.OFFENDING)
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: 'Arrests, newest first.' })
  async arrests(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceArrest[]> {
    return person.pncId ? context.loaders.arrestsByPncId.load(person.pncId) : [];
  }

  // The IOM review dates it depends on are case-conference data: both scopes are needed.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE)
  @Directive(REQUIRES_REVIEW_WINDOW)
  @FieldResolver(() => [PoliceOffence], {
    nullable: true,
    description:
      "Offences committed in the case conference's window: on an agenda, from the review before that conference to its day; elsewhere from the latest review to today. Newest first; null when never adopted onto IOM.",
  })
  async offencesSinceLastReview(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceOffence[] | null> {
    const window = reviewWindow(person);
    if (!person.pncId || !window) return null;
    return (await context.loaders.offencesByPncId.load(person.pncId)).filter((offence) => within(offence.committedOn, window));
  }

  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE)
  @Directive(REQUIRES_REVIEW_WINDOW)
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: "Arrests in the case conference's window (as for offencesSinceLastReview), newest first; null when never adopted onto IOM." })
  async arrestsSinceLastReview(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceArrest[] | null> {
    const window = reviewWindow(person);
    if (!person.pncId || !window) return null;
    return (await context.loaders.arrestsByPncId.load(person.pncId)).filter((arrest) => within(arrest.arrestedOn, window));
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE)
  @Directive(REQUIRES_REVIEW_WINDOW)
  @FieldResolver(() => [PoliceDrugTest], { nullable: true, description: "Drug tests on arrest in the case conference's window (as for offencesSinceLastReview), newest first; null when never adopted onto IOM." })
  async drugTestsOnArrestSinceLastReview(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceDrugTest[] | null> {
    const window = reviewWindow(person);
    if (!person.pncId || !window) return null;
    return (await context.loaders.drugTestsByPncId.load(person.pncId)).filter((test) => within(test.testedOn, window));
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE)
  @Directive(REQUIRES_REVIEW_WINDOW)
  @FieldResolver(() => [PoliceHomeVisit], { nullable: true, description: "Home visits in the case conference's window (as for offencesSinceLastReview), newest first; null when never adopted onto IOM." })
  async homeVisitsSinceLastReview(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceHomeVisit[] | null> {
    const window = reviewWindow(person);
    if (!person.pncId || !window) return null;
    return (await context.loaders.homeVisitsByPncId.load(person.pncId)).filter((visit) => within(visit.visitedOn, window));
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @FieldResolver(() => [PoliceDrugTest], { nullable: true, description: 'Drug tests on arrest, newest first (one entry per substance screened).' })
  async drugTestsOnArrest(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceDrugTest[]> {
    return person.pncId ? context.loaders.drugTestsByPncId.load(person.pncId) : [];
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @FieldResolver(() => [PoliceHomeVisit], { nullable: true, description: 'Home visits by the IOM officer or the neighbourhood team, newest first.' })
  async homeVisits(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceHomeVisit[]> {
    return person.pncId ? context.loaders.homeVisitsByPncId.load(person.pncId) : [];
  }
}
