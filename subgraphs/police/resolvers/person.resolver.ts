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

  // The IOM review date it depends on is case-conference data: both scopes are needed.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE)
  @Directive('@requires(fields: "iomLastReviewedOn")')
  @FieldResolver(() => [PoliceOffence], {
    nullable: true,
    description: "Offences committed since the person's last IOM review (the case conference's view), newest first; null when never adopted onto IOM.",
  })
  async offencesSinceLastReview(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceOffence[] | null> {
    const since = person.iomLastReviewedOn;
    if (!person.pncId || !since) return null;
    return (await context.loaders.offencesByPncId.load(person.pncId)).filter((offence) => offence.committedOn >= since);
  }

  // The IOM review date it depends on is case-conference data: both scopes are needed.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE)
  @Directive('@requires(fields: "iomLastReviewedOn")')
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: "Arrests since the person's last IOM review, newest first; null when never adopted onto IOM." })
  async arrestsSinceLastReview(@Root() person: PolicePerson, @Ctx() context: PoliceContext): Promise<PoliceArrest[] | null> {
    const since = person.iomLastReviewedOn;
    if (!person.pncId || !since) return null;
    return (await context.loaders.arrestsByPncId.load(person.pncId)).filter((arrest) => arrest.arrestedOn >= since);
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
