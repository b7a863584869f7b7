import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Agency } from '../../kit/agency';
import { CaseConferenceStatus } from './enums';

/** A multi-agency case conference (MACC): monthly, chaired by police and probation. */
@ObjectType('CaseConference', { description: 'A multi-agency case conference (MACC) where IOM cases are reviewed.' })
@Entity({ tableName: 'iom_case_conference' })
@Index({ properties: ['heldOn', 'id'] })
// The partnership holds one conference a day: a second on the same date would split its reviews from its attendance.
@Unique({ name: 'iom_case_conference_one_per_day', properties: ['heldOn'] })
export class CaseConference {
  [OptionalProps]?: 'createdAt' | 'status';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => LocalDateResolver, { description: 'The day it is (or was) held.' })
  @Property({ type: 'date' })
  heldOn!: string;

  @Field(() => [Agency], { description: 'The agencies chairing it (police and probation in the national model).' })
  @Enum({ items: () => Agency, array: true })
  chairAgencies!: Agency[];

  @Field(() => CaseConferenceStatus, { description: 'Planned, held (attendance recorded; reviews may be recorded) or closed.' })
  @Enum({ items: () => CaseConferenceStatus })
  status: CaseConferenceStatus = CaseConferenceStatus.PLANNED;

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
