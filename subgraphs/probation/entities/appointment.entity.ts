import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { ProbationAppointmentOutcome } from './enums';

@ObjectType('ProbationAppointment', { description: 'A supervision appointment and whether it was kept.' })
@Entity({ tableName: 'probation_appointment' })
@Index({ properties: ['crn', 'appointmentOn'] })
export class ProbationAppointment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  crn!: string;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  orderId!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  appointmentOn!: string;

  @Field(() => ProbationAppointmentOutcome)
  @Enum({ items: () => ProbationAppointmentOutcome })
  outcome!: ProbationAppointmentOutcome;
}
