import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { ProbationRequirementStatus, ProbationRequirementType } from './enums';

@ObjectType('ProbationRequirement', { description: 'A requirement of a community or suspended sentence order.' })
@Entity({ tableName: 'probation_requirement' })
export class ProbationRequirement {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  crn!: string;

  @Field(() => ID, { description: 'The order this requirement belongs to.' })
  @Property({ type: 'uuid' })
  orderId!: string;

  @Field(() => ProbationRequirementType)
  @Enum({ items: () => ProbationRequirementType })
  type!: ProbationRequirementType;

  @Field(() => ProbationRequirementStatus)
  @Enum({ items: () => ProbationRequirementStatus })
  status!: ProbationRequirementStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Null until it starts.' })
  @Property({ type: 'date', nullable: true })
  startedOn: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedEndOn: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it completed, was terminated or breached.' })
  @Property({ type: 'date', nullable: true })
  endedOn: string | null = null;

  @Field(() => String, { nullable: true, description: 'Who delivers it (treatment provider, programme or monitoring service).' })
  @Property({ type: 'text', nullable: true })
  provider: string | null = null;
}
