import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { ProbationOrderType, ProbationTerminationReason } from './enums';

@ObjectType('ProbationOrder', { description: 'A sentence or order probation supervises.' })
@Entity({ tableName: 'probation_order' })
// Each person's first order in order, read from the index alone: the outcome measures' statutory
// supervision starts (`supervisionStarts`) without sorting every order.
@Index({
  name: 'probation_order_crn_started_on_id_index',
  expression: 'create index "probation_order_crn_started_on_id_index" on "probation_order" ("crn", "started_on", "id") include ("terminated_on")',
})
export class ProbationOrder {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', index: true })
  crn!: string;

  @Field(() => ProbationOrderType)
  @Enum({ items: () => ProbationOrderType })
  type!: ProbationOrderType;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  startedOn!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  expectedEndOn!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the order ended; null while it runs.' })
  @Property({ type: 'date', nullable: true })
  terminatedOn: string | null = null;

  @Field(() => ProbationTerminationReason, { nullable: true })
  @Enum({ items: () => ProbationTerminationReason, nullable: true })
  terminationReason: ProbationTerminationReason | null = null;

  @Field({ description: 'The probation practitioner (offender manager).' })
  @Property({ type: 'text' })
  practitioner!: string;

  @Field()
  @Property({ type: 'text' })
  team!: string;
}
