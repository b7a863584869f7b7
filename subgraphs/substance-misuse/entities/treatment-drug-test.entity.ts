import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { TreatmentSubstance, TreatmentTestMethod, TreatmentTestResult } from './enums';

@ObjectType('TreatmentDrugTest', {
  description: 'Special category (clinical). A drug or alcohol test taken by the treatment provider; court-ordered tests (DRR) are shared with probation.',
})
@Entity({ tableName: 'treatment_drug_test' })
@Index({ properties: ['treatmentClientId', 'testDate'] })
export class TreatmentDrugTest {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  treatmentClientId!: string;

  @Field(() => ID, { description: 'The treatment episode the test belongs to.' })
  @Property({ type: 'uuid' })
  episodeId!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  testDate!: string;

  @Field(() => TreatmentTestMethod)
  @Enum({ items: () => TreatmentTestMethod })
  method!: TreatmentTestMethod;

  @Field({ description: 'Ordered by the court as part of a Drug Rehabilitation Requirement.' })
  @Property({ type: 'boolean' })
  courtOrdered!: boolean;

  @Field(() => TreatmentTestResult)
  @Enum({ items: () => TreatmentTestResult })
  result!: TreatmentTestResult;

  @Field(() => [TreatmentSubstance], { description: 'Substances found; empty unless the result is POSITIVE.' })
  @Enum({ items: () => TreatmentSubstance, array: true })
  substancesDetected!: TreatmentSubstance[];
}
