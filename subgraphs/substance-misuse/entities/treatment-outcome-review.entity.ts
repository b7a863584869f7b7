import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TreatmentEmploymentStatus, TreatmentHousingSituation, TreatmentReviewStage } from './enums';

@ObjectType('TreatmentOutcomeReview', {
  description: 'Special category (clinical). A treatment outcome review: at the start of treatment, every three months, and at a planned exit; each looks back over 28 days.',
})
@Entity({ tableName: 'treatment_outcome_review' })
@Index({ properties: ['treatmentClientId', 'reviewDate'] })
export class TreatmentOutcomeReview {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  treatmentClientId!: string;

  @Field(() => ID, { description: 'The treatment episode reviewed.' })
  @Property({ type: 'uuid' })
  episodeId!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  reviewDate!: string;

  @Field(() => TreatmentReviewStage)
  @Enum({ items: () => TreatmentReviewStage })
  stage!: TreatmentReviewStage;

  @Field(() => Int, { description: 'Days in the last 28 the problem substance was used.' })
  @Property({ type: 'integer' })
  substanceUseDays!: number;

  @Field({ description: 'Injected in the last 28 days.' })
  @Property({ type: 'boolean' })
  injecting!: boolean;

  @Field(() => TreatmentHousingSituation)
  @Enum({ items: () => TreatmentHousingSituation })
  housingSituation!: TreatmentHousingSituation;

  @Field(() => TreatmentEmploymentStatus)
  @Enum({ items: () => TreatmentEmploymentStatus })
  employmentStatus!: TreatmentEmploymentStatus;
}
