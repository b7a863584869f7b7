import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../kit/errors';
import type { SubgraphContext } from '../../kit/subgraph';
import { AccommodationPeriod } from '../entities/accommodation-period.entity';
import { HomelessnessCase } from '../entities/homelessness-case.entity';
import { HousingAuthority } from '../entities/housing-authority';
import { periodOn, releaseOutcomes } from '../services/release-outcomes';
import type { HousingLoaders } from '../services/housing-loaders';
import { HousingPerson, ReleaseHousingOutcome } from './types';
import { RequiresScope, Scope } from '../../kit/access/directives';

export type HousingContext = SubgraphContext<HousingLoaders>;

@Resolver(() => HousingPerson)
export class HousingPersonResolver {
  @RequiresScope(Scope.HOUSING_STATUS)
  @FieldResolver(() => HousingAuthority, { nullable: true, description: 'The housing authority holding this person\'s case.' })
  async housingAuthority(@Root() person: HousingPerson, @Ctx() context: HousingContext): Promise<HousingAuthority | null> {
    const client = await context.loaders.clientByReference.load(person.housingReference);
    return client ? { code: client.localAuthorityCode, name: client.localAuthorityName } : null;
  }

  @RequiresScope(Scope.HOUSING_STATUS)
  @FieldResolver(() => AccommodationPeriod, {
    nullable: true,
    description:
      'Accommodation status on a date (default: today in England). Dates after today are refused: the housing record holds what has happened, not plans. Null when nothing was recorded for that date.',
  })
  async accommodation(
    @Root() person: HousingPerson,
    @Arg('at', () => LocalDateResolver, { nullable: true, description: 'A date up to today (YYYY-MM-DD).' }) at: string | null,
    @Ctx() context: HousingContext,
  ): Promise<AccommodationPeriod | null> {
    const today = context.today;
    const date = at ?? today;
    if (date > today) {
      throw badUserInput(
        `"at" (${date}) is in the future: accommodation status is recorded as it happens, so ask for a date up to today (${today}).`,
        { argumentName: 'at' },
      );
    }
    return periodOn(await context.loaders.periodsByReference.load(person.housingReference), date);
  }

  @RequiresScope(Scope.HOUSING_DETAIL)
  @FieldResolver(() => [AccommodationPeriod], { nullable: true, description: 'Every accommodation status period, oldest first.' })
  async accommodationHistory(@Root() person: HousingPerson, @Ctx() context: HousingContext): Promise<AccommodationPeriod[]> {
    return context.loaders.periodsByReference.load(person.housingReference);
  }

  @RequiresScope(Scope.HOUSING_DETAIL)
  @FieldResolver(() => [HomelessnessCase], { nullable: true, description: 'Homelessness duties owed to this person, oldest referral first.' })
  async homelessnessCases(@Root() person: HousingPerson, @Ctx() context: HousingContext): Promise<HomelessnessCase[]> {
    return context.loaders.casesByReference.load(person.housingReference);
  }

  @RequiresScope(Scope.HOUSING_DETAIL)
  @FieldResolver(() => [ReleaseHousingOutcome], { nullable: true, description: 'For each release from prison: accommodated on the day, and settled three months later.' })
  async releaseHousingOutcomes(@Root() person: HousingPerson, @Ctx() context: HousingContext): Promise<ReleaseHousingOutcome[]> {
    return releaseOutcomes(await context.loaders.periodsByReference.load(person.housingReference), context.today);
  }
}

@Resolver(() => AccommodationPeriod)
export class AccommodationPeriodResolver {
  @FieldResolver(() => HousingAuthority, { nullable: true, description: 'Where the accommodation is; null in custody or of no fixed abode.' })
  localAuthority(@Root() period: AccommodationPeriod): HousingAuthority | null {
    return period.localAuthorityCode && period.localAuthorityName ? { code: period.localAuthorityCode, name: period.localAuthorityName } : null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "True when placed outside the authority holding the person's case; null when there is no place." })
  async outOfBorough(@Root() period: AccommodationPeriod, @Ctx() context: HousingContext): Promise<boolean | null> {
    if (!period.localAuthorityCode) return null;
    const client = await context.loaders.clientByReference.load(period.housingReference);
    return client ? client.localAuthorityCode !== period.localAuthorityCode : null;
  }
}

@Resolver(() => HomelessnessCase)
export class HomelessnessCaseResolver {
  @FieldResolver(() => HousingAuthority, { description: 'The authority that owed the duty.' })
  localAuthority(@Root() homelessnessCase: HomelessnessCase): HousingAuthority {
    return { code: homelessnessCase.localAuthorityCode, name: homelessnessCase.localAuthorityName };
  }
}
