import { LocalDateResolver } from 'graphql-scalars';
import { releaseAnswers } from '../../kit/released-sets';
import { WithheldReason } from '../../kit/withheld';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ReportingPeriodArgs, reportingPeriodOf } from '../../kit/reporting-period';
import type { SubgraphContext } from '../../kit/subgraph';
import { TreatmentEpisode } from '../entities/treatment-episode.entity';
import { TreatmentDrugTest } from '../entities/treatment-drug-test.entity';
import { TreatmentOutcomeReview } from '../entities/treatment-outcome-review.entity';
import { continuityOfCare, continuityOfCarePerformance } from '../services/continuity-of-care';
import type { TreatmentLoaders } from '../services/treatment-loaders';
import { ContinuityOfCarePerformance, TreatmentContinuityOfCare, TreatmentPerson } from './types';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';

export type TreatmentContext = SubgraphContext<TreatmentLoaders>;

const isOpen = (episode: TreatmentEpisode) => episode.dischargeDate === null;

/**
 * Fields are split by data category: "Engagement" fields say whether and where someone is in
 * treatment; "Special category (clinical)" fields say what for and how it is going.
 */
@Resolver(() => TreatmentPerson)
export class TreatmentPersonResolver {
  @RequiresScope(Scope.TREATMENT_ENGAGEMENT)
  @FieldResolver(() => Boolean, { nullable: true, description: 'Engagement. In a treatment episode today.' })
  async inTreatment(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<boolean> {
    return (await context.loaders.episodesByClientId.load(person.treatmentClientId)).some(isOpen);
  }

  @RequiresScope(Scope.TREATMENT_ENGAGEMENT)
  @FieldResolver(() => String, { nullable: true, description: 'Engagement. The provider holding the person\'s treatment record.' })
  async treatmentProvider(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<string | null> {
    return (await context.loaders.clientById.load(person.treatmentClientId))?.provider ?? null;
  }

  @RequiresScope(Scope.TREATMENT_ENGAGEMENT)
  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'Engagement. Last contact with the treatment provider; null if never seen.' })
  async lastTreatmentContact(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<string | null> {
    const episodes = await context.loaders.episodesByClientId.load(person.treatmentClientId);
    return episodes.reduce<string | null>((latest, e) => (latest === null || e.lastContactDate > latest ? e.lastContactDate : latest), null);
  }

  @RequiresScope(Scope.TREATMENT_ENGAGEMENT)
  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: 'Engagement. When the person consented to share clinical treatment data with the partnership; null if not recorded (clinical data of a non-statutory case is then withheld).',
  })
  async treatmentConsentRecordedOn(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<string | null> {
    return (await context.loaders.clientById.load(person.treatmentClientId))?.consentToShareRecordedOn ?? null;
  }

  @RequiresScope(Scope.TREATMENT_ENGAGEMENT)
  @FieldResolver(() => [TreatmentEpisode], { nullable: true, description: 'Engagement (substances: special category, clinical). Treatment episodes, oldest first.' })
  async treatmentEpisodes(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<TreatmentEpisode[]> {
    return context.loaders.episodesByClientId.load(person.treatmentClientId);
  }

  @RequiresScope(Scope.TREATMENT_ENGAGEMENT)
  @FieldResolver(() => [TreatmentContinuityOfCare], { nullable: true, description: 'Engagement. For each release from prison the provider was told of: engaged in community treatment within 21 days?' })
  async treatmentContinuityOfCare(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<TreatmentContinuityOfCare[]> {
    const [releases, episodes] = await Promise.all([
      context.loaders.releasesByClientId.load(person.treatmentClientId),
      context.loaders.episodesByClientId.load(person.treatmentClientId),
    ]);
    return continuityOfCare(releases, episodes, context.today);
  }

  @RequiresScope(Scope.TREATMENT_CLINICAL)
  @RequiresPolicy(AccessPolicyName.CLINICAL_CONSENT)
  @FieldResolver(() => [TreatmentDrugTest], { nullable: true, description: 'Special category (clinical). Drug and alcohol test results, oldest first.' })
  async drugTests(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<TreatmentDrugTest[]> {
    return context.loaders.drugTestsByClientId.load(person.treatmentClientId);
  }

  @RequiresScope(Scope.TREATMENT_CLINICAL)
  @RequiresPolicy(AccessPolicyName.CLINICAL_CONSENT)
  @FieldResolver(() => [TreatmentOutcomeReview], { nullable: true, description: 'Special category (clinical). Treatment outcome reviews, oldest first.' })
  async outcomeReviews(@Root() person: TreatmentPerson, @Ctx() context: TreatmentContext): Promise<TreatmentOutcomeReview[]> {
    return context.loaders.reviewsByClientId.load(person.treatmentClientId);
  }
}

@Resolver()
export class ContinuityOfCareResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Query(() => ContinuityOfCarePerformance, {
    nullable: true,
    description: "Continuity of care from custody to community treatment for releases from `from` to `to` (default: the 12 months to today); withheld whole when its releases differ by 1 to 4 from an earlier answer's.",
  })
  async continuityOfCarePerformance(
    @Args(() => ReportingPeriodArgs) args: ReportingPeriodArgs,
    @Ctx() context: TreatmentContext,
  ): Promise<ContinuityOfCarePerformance> {
    const today = context.today;
    const period = reportingPeriodOf(args, today);
    const { figures, sets } = await continuityOfCarePerformance(context.em, period, today);
    const [released] = await releaseAnswers(context.em, 'treatment_released_set', [sets]);
    if (released) return { ...period, ...figures, withheldBecause: null };
    // Every count and the rate go: the answer says neither which releases nor how many differ.
    return { ...period, releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'], withheldBecause: WithheldReason.NEAR_EARLIER_ANSWER };
  }
}
