import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Agency } from '../../kit/agency';

/** A multi-agency case conference (MACC): monthly, chaired by police and probation. */
@ObjectType('CaseConference', { description: 'A multi-agency case conference (MACC) where IOM cases are reviewed.' })
@Entity({ tableName: 'iom_case_conference' })
@Index({ properties: ['heldOn', 'id'] })
export class CaseConference {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => LocalDateResolver, { description: 'The day it is (or was) held.' })
  @Property({ type: 'date' })
  heldOn!: string;

  @Field(() => [Agency], { description: 'The agencies chairing it (police and probation in the national model).' })
  @Enum({ items: () => Agency, array: true })
  chairAgencies!: Agency[];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** How many people each agency sent: attendance by agency is a measure of engagement. */
@ObjectType('ConferenceAttendance', { description: 'How many people an agency sent to a case conference.' })
@Entity({ tableName: 'iom_conference_attendance' })
export class ConferenceAttendance {
  @PrimaryKey({ type: 'uuid' })
  conferenceId!: string;

  @Field(() => Agency)
  @Enum({ items: () => Agency, primary: true })
  agency!: Agency;

  @Field(() => Int)
  @Property({ type: 'integer' })
  attendees!: number;
}
