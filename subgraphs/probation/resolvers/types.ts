import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ProbationRiskAssessment } from '../entities/risk-assessment.entity';
import { ProbationAppointment } from '../entities/appointment.entity';
import { ProbationEnforcementAction } from '../entities/enforcement-action.entity';

@ObjectType('ProbationCompliance', { description: 'How a person has complied with supervision, since a date or over their whole record.' })
export class ProbationCompliance {
  @Field(() => LocalDateResolver, { nullable: true, description: 'The date this summary counts from; null for the whole record.' })
  since!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The last date this summary counts (inclusive); null for up to the latest record.' })
  until!: string | null;

  @Field(() => [ProbationAppointment], { description: 'Appointments, newest first.' })
  appointments!: ProbationAppointment[];

  @Field(() => Int)
  appointmentsAttended!: number;

  @Field(() => Int)
  failedToAttendAcceptable!: number;

  @Field(() => Int)
  failedToAttendUnacceptable!: number;

  @Field(() => [ProbationEnforcementAction])
  warningLetters!: ProbationEnforcementAction[];

  @Field(() => [ProbationEnforcementAction])
  breaches!: ProbationEnforcementAction[];

  @Field(() => [ProbationEnforcementAction], { description: 'Recalls to custody from licence.' })
  recalls!: ProbationEnforcementAction[];
}

/** A risk assessment a conference would have seen. Stale: older than RISK_STALE_AFTER_DAYS on the day. */
@ObjectType('ConferenceRisk', { description: 'The latest risk assessment on or before a conference day, and whether it was stale then (over 182 days old).' })
export class ConferenceRisk {
  @Field(() => ProbationRiskAssessment)
  assessment!: ProbationRiskAssessment;

  @Field(() => Int, { description: 'Days from the assessment to the conference day.' })
  ageInDays!: number;

  @Field({ description: 'Older than 182 days (six months) on the conference day: it should have been reviewed.' })
  stale!: boolean;
}
