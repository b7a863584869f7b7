import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { ProbationEnforcementKind } from './enums';

@ObjectType('ProbationEnforcementAction', { description: 'A warning letter, breach or recall.' })
@Entity({ tableName: 'probation_enforcement_action' })
export class ProbationEnforcementAction {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  crn!: string;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  orderId!: string;

  @Field(() => ProbationEnforcementKind)
  @Enum({ items: () => ProbationEnforcementKind })
  kind!: ProbationEnforcementKind;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  actionOn!: string;

  @Field()
  @Property({ type: 'text' })
  reason!: string;
}
