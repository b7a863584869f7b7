import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * A pathway assessment: one score per pathway, at adoption (checkpoint 0) and every three months.
 * Scores are columns so cohort averages are one SQL aggregate; the women's pathways are null for men.
 */
@ObjectType('PathwayAssessment', { description: 'A pathway assessment: a score per pathway, 1 (no need) to 5 (critical need).' })
@Entity({ tableName: 'iom_pathway_assessment' })
@Index({ properties: ['caseId', 'assessedOn'] })
@Unique({ properties: ['caseId', 'checkpoint'] })
@RequiresPolicy(AccessPolicyName.ROWS)
export class PathwayAssessment {
  [OptionalProps]?: 'abuseDomesticViolence' | 'sexWork';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date' })
  assessedOn!: string;

  @Field(() => Int, { nullable: true, description: '0 at adoption, then 1, 2, … at each three-monthly checkpoint.' })
  @Property({ type: 'smallint' })
  checkpoint!: number;

  @Field(() => Int, { nullable: true, description: 'The sum of the pathway scores.' })
  @Property({ type: 'smallint' })
  total!: number;

  @Property({ type: 'smallint' })
  accommodation!: number;

  @Property({ type: 'smallint' })
  educationTrainingEmployment!: number;

  @Property({ type: 'smallint' })
  financeBenefitDebt!: number;

  @Property({ type: 'smallint' })
  childrenAndFamilies!: number;

  @Property({ type: 'smallint' })
  drugsAndAlcohol!: number;

  @Property({ type: 'smallint' })
  health!: number;

  @Property({ type: 'smallint' })
  attitudesThinkingBehaviour!: number;

  @Property({ type: 'smallint', nullable: true })
  abuseDomesticViolence: number | null = null;

  @Property({ type: 'smallint', nullable: true })
  sexWork: number | null = null;
}
