import { RequiresScope, Scope } from '../../kit/access/directives';
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/subgraph';
import { ProbationCase } from '../entities/case.entity';
import { ProbationOrder } from '../entities/order.entity';
import { ProbationRequirement } from '../entities/requirement.entity';
import { ProbationRiskAssessment } from '../entities/risk-assessment.entity';
import { ProbationCrsReferral } from '../entities/crs-referral.entity';
import { ProbationAppointmentOutcome, ProbationEnforcementKind, ProbationRequirementStatus, ProbationRequirementType } from '../entities/enums';
import type { ProbationLoaders } from '../services/probation-loaders';
import { ProbationPerson } from './probation-person';
import { ProbationCompliance } from './types';

export type ProbationContext = SubgraphContext<ProbationLoaders>;

/** Probation's fields on a person. Each list is batched per request through a DataLoader. */
@Resolver(() => ProbationPerson)
export class ProbationPersonResolver {
  @RequiresScope(Scope.SENTENCE)
  @FieldResolver(() => ProbationCase, { nullable: true, description: "Probation's case record; null when probation holds none." })
  async probationCase(@Root() person: ProbationPerson, @Ctx() context: ProbationContext): Promise<ProbationCase | null> {
    return person.crn ? context.loaders.caseByCrn.load(person.crn) : null;
  }

  @RequiresScope(Scope.SENTENCE)
  @FieldResolver(() => [ProbationOrder], { nullable: true, description: 'Orders and licences, newest first.' })
  async orders(@Root() person: ProbationPerson, @Ctx() context: ProbationContext): Promise<ProbationOrder[]> {
    return person.crn ? context.loaders.ordersByCrn.load(person.crn) : [];
  }

  @RequiresScope(Scope.SENTENCE)
  @FieldResolver(() => [ProbationRequirement], { nullable: true, description: 'Requirements of every order, newest first, optionally of one type and status.' })
  async requirements(
    @Root() person: ProbationPerson,
    @Ctx() context: ProbationContext,
    @Arg('type', () => ProbationRequirementType, { nullable: true }) type: ProbationRequirementType | null,
    @Arg('status', () => ProbationRequirementStatus, { nullable: true }) status: ProbationRequirementStatus | null,
  ): Promise<ProbationRequirement[]> {
    if (!person.crn) return [];
    const requirements = await context.loaders.requirementsByCrn.load(person.crn);
    return requirements.filter((r) => (!type || r.type === type) && (!status || r.status === status));
  }

  @RequiresScope(Scope.SENTENCE)
  @FieldResolver(() => ProbationCompliance, { nullable: true, description: 'Appointments kept and missed, warning letters, breaches and recalls; since a date (inclusive) or over the whole record.' })
  async compliance(
    @Root() person: ProbationPerson,
    @Ctx() context: ProbationContext,
    @Arg('since', () => LocalDateResolver, { nullable: true }) since: string | null,
  ): Promise<ProbationCompliance | null> {
    return person.crn ? complianceSince(context, person.crn, since) : null;
  }

  // The IOM review dates it depends on are case-conference data: both scopes are needed.
  @RequiresScope(Scope.SENTENCE, Scope.CASE_CONFERENCE)
  @Directive('@requires(fields: "iomLastReviewedOn iomEvidenceUntil")')
  @FieldResolver(() => ProbationCompliance, {
    nullable: true,
    description:
      "Compliance in the case conference's window: on an agenda, from the review before that conference to its day; elsewhere from the latest review to today. Null when never adopted onto IOM.",
  })
  async complianceSinceLastReview(@Root() person: ProbationPerson, @Ctx() context: ProbationContext): Promise<ProbationCompliance | null> {
    return person.crn && person.iomLastReviewedOn && person.iomEvidenceUntil ? complianceSince(context, person.crn, person.iomLastReviewedOn, person.iomEvidenceUntil) : null;
  }

  @RequiresScope(Scope.RISK)
  @FieldResolver(() => ProbationRiskAssessment, { nullable: true, description: 'The latest risk assessment.' })
  async risk(@Root() person: ProbationPerson, @Ctx() context: ProbationContext): Promise<ProbationRiskAssessment | null> {
    return person.crn ? ((await context.loaders.riskAssessmentsByCrn.load(person.crn))[0] ?? null) : null;
  }

  @RequiresScope(Scope.RISK)
  @FieldResolver(() => [ProbationRiskAssessment], { nullable: true, description: 'Every risk assessment, newest first.' })
  async riskAssessments(@Root() person: ProbationPerson, @Ctx() context: ProbationContext): Promise<ProbationRiskAssessment[]> {
    return person.crn ? context.loaders.riskAssessmentsByCrn.load(person.crn) : [];
  }

  @RequiresScope(Scope.SENTENCE)
  @FieldResolver(() => [ProbationCrsReferral], { nullable: true, description: 'Commissioned Rehabilitative Service referrals, newest first.' })
  async crsReferrals(@Root() person: ProbationPerson, @Ctx() context: ProbationContext): Promise<ProbationCrsReferral[]> {
    return person.crn ? context.loaders.crsReferralsByCrn.load(person.crn) : [];
  }
}

/** Appointments and enforcement actions since a date and up to another (both inclusive), or over the whole record. */
export async function complianceSince(context: ProbationContext, crn: string, since: string | null, until: string | null = null): Promise<ProbationCompliance> {
  // A closed window (a conference's) reads only its own rows; the filter below then keeps them all.
  const [appointments, actions] = await Promise.all(
    since && until
      ? [context.loaders.appointmentsInWindow.load({ key: crn, since, until }), context.loaders.enforcementInWindow.load({ key: crn, since, until })]
      : [context.loaders.appointmentsByCrn.load(crn), context.loaders.enforcementByCrn.load(crn)],
  );
  const inside = (day: string) => (!since || day >= since) && (!until || day <= until);
  const recent = appointments.filter((a) => inside(a.appointmentOn));
  const recentActions = actions.filter((a) => inside(a.actionOn));
  const count = (outcome: ProbationAppointmentOutcome) => recent.filter((a) => a.outcome === outcome).length;
  const ofKind = (kind: ProbationEnforcementKind) => recentActions.filter((a) => a.kind === kind);
  return {
    since,
    until,
    appointments: recent,
    appointmentsAttended: count(ProbationAppointmentOutcome.ATTENDED),
    failedToAttendAcceptable: count(ProbationAppointmentOutcome.FAILED_TO_ATTEND_ACCEPTABLE),
    failedToAttendUnacceptable: count(ProbationAppointmentOutcome.FAILED_TO_ATTEND_UNACCEPTABLE),
    warningLetters: ofKind(ProbationEnforcementKind.WARNING_LETTER),
    breaches: ofKind(ProbationEnforcementKind.BREACH),
    recalls: ofKind(ProbationEnforcementKind.RECALL),
  };
}
