import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';

/**
 * Annual targets for Drug Rehabilitation and Alcohol Treatment Requirement starts and completions
 * (seed 003, Havering's Table 1). Reference data rather than constants: a partnership that agrees
 * new targets with probation changes a row, not the code.
 */
@ObjectType('IomRequirementTarget', { description: 'An annual target for DRR or ATR starts and completions, for one financial year (April to March).' })
@Entity({ tableName: 'iom_requirement_target' })
export class IomRequirementTarget {
  @Field({ description: 'DRUG_REHABILITATION or ALCOHOL_TREATMENT.' })
  @PrimaryKey({ type: 'text' })
  requirementType!: string;

  @Field(() => Int, { description: 'The calendar year the financial year starts in: 2016 is April 2016 to March 2017.' })
  @PrimaryKey({ type: 'integer' })
  financialYear!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  startsTarget!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  completionsTarget!: number;

  @Field({ description: 'Where the target comes from.' })
  @Property({ type: 'text' })
  source!: string;
}

/**
 * The cost to society of one crime of a police crime type: the unit cost of the category it maps
 * to in the Home Office's "The economic and social costs of crime" (second edition, Research
 * Report 99, Heeks, Reed, Tafsiri and Prince, July 2018), Table 1, 2015/16 prices. A crime type
 * the report gives no unit cost for has no row: its offences are counted, not costed.
 */
@ObjectType('IomCrimeUnitCost', { description: 'The unit cost of one crime of a police crime type, and the cost category and source it comes from.' })
@Entity({ tableName: 'iom_crime_unit_cost' })
export class IomCrimeUnitCost {
  @Field({ description: 'The police crime type (PoliceCrimeType).' })
  @PrimaryKey({ type: 'text' })
  crimeType!: string;

  @Field({ description: "The source's cost category, e.g. Domestic burglary." })
  @Property({ type: 'text' })
  costCategory!: string;

  @Field(() => Int, { description: 'Pounds per crime.' })
  @Property({ type: 'integer' })
  unitCostPounds!: number;

  @Field({ description: 'The price base of the figure, e.g. 2015/16.' })
  @Property({ type: 'text' })
  priceYear!: string;

  @Field({ description: 'Where the figure comes from.' })
  @Property({ type: 'text' })
  source!: string;
}
