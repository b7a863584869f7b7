import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RiskOfSeriousHarm } from './enums';

@ObjectType('ProbationRiskAssessment', { description: 'A risk assessment: risk of serious harm and predicted reoffending.' })
@Entity({ tableName: 'probation_risk_assessment' })
export class ProbationRiskAssessment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  crn!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  assessedOn!: string;

  @Field(() => RiskOfSeriousHarm)
  @Enum({ items: () => RiskOfSeriousHarm })
  riskOfSeriousHarm!: RiskOfSeriousHarm;

  @Field(() => Int, { description: 'Reoffending predictor (OGRS-style): the percentage likelihood of proven reoffending within two years.' })
  @Property({ type: 'smallint' })
  reoffendingPredictorPercentage!: number;
}
