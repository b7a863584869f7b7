import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { PoliceDrugTestResult, PoliceDrugTestSubstance } from './enums';

/** One substance screened in a test on arrest (a test screens opiates and cocaine: two rows). */
@ObjectType('PoliceDrugTestOnArrest', { description: 'A drug test on arrest for one substance.' })
@Entity({ tableName: 'police_drug_test' })
export class PoliceDrugTest {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  pncId!: string;

  @Property({ type: 'uuid' })
  arrestId!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  testedOn!: string;

  @Field(() => PoliceDrugTestSubstance)
  @Enum({ items: () => PoliceDrugTestSubstance })
  substance!: PoliceDrugTestSubstance;

  @Field(() => PoliceDrugTestResult)
  @Enum({ items: () => PoliceDrugTestResult })
  result!: PoliceDrugTestResult;
}
