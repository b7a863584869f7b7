import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
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
