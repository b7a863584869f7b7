import type { ProtectedSelection } from './measures.resolver';
import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { Agency } from '../../kit/agency';
import { Connection } from '../../kit/pagination';
import { Sex } from '../../kit/sex';
import { SeriesPeriod, WITHHELD_BECAUSE_DESCRIPTION, WithheldReason } from './outcome-types';
import { IomCase } from '../entities/case.entity';
import { CaseConference } from '../entities/conference.entity';
import type { ConferenceAction, RagReview } from '../entities/review.entity';
import type { PathwayAssessment } from '../entities/assessment.entity';
import { ConferenceActionStatus, IomCaseBasis, IomCaseEndReason, IomCaseStatus, IomPathway, IomStrand, RagRating } from '../entities/enums';

@ObjectType({ description: 'A page of IOM cases, oldest referral first.' })
export class IomCaseConnection extends Connection(IomCase, 'IomCase') {}

@ObjectType({ description: 'A page of case conferences, newest first.' })
export class CaseConferenceConnection extends Connection(CaseConference, 'CaseConference') {}

/** One person due for review at a conference, with IOM's own data as it stood before that conference. */
@RequiresPolicy(AccessPolicyName.ROWS)
@ObjectType('AgendaItem', { description: "One person due for review at a case conference, with IOM's data as it stood before the conference." })
export class AgendaItem {
  conference!: CaseConference;
  iomCase!: IomCase;
  /** Reviews before the conference, oldest first: the ranking reads them, and the item's fields answer from them. */
  reviewsBefore!: RagReview[];
  /** Every review of the case, the one recorded at this conference (if it has been) among them. */
  reviews!: RagReview[];
  /** Actions agreed before the conference and open on its day. */
  openOnDay!: ConferenceAction[];
  /** Assessments on or before the day, entry first: read with the agenda when its pathway fields are asked for. */
  assessmentsOnDay?: PathwayAssessment[];
}

/**
 * What partners hold about one person in one conference's window: from the review before that
 * conference (adoption when there was none) to the conference day, both inclusive. IOM owns the
 * window; police and probation add their records in it (they @require the window and the
 * person's own identifier), so an agenda answers the same before and after reviews are recorded
 * at it or later, whatever path the gateway takes.
 */
@RequiresPolicy(AccessPolicyName.ROWS)
@Directive('@key(fields: "id")')
@ObjectType('ConferenceEvidence', { description: "What partners hold about one person in one case conference's window: from the review before it (adoption before any) to its day." })
export class ConferenceEvidence {
  @Field(() => ID, { description: 'The conference id and the case id.' })
  id!: string;

  @RequiresScope(Scope.CASE_CONFERENCE)
  @Field(() => LocalDateResolver, { nullable: true, description: 'The first day of the window: the review before this conference, or adoption before any.' })
  since!: string;

  @RequiresScope(Scope.CASE_CONFERENCE)
  @Field(() => LocalDateResolver, { nullable: true, description: 'The last day of the window: the conference day.' })
  until!: string;

  iomCase!: IomCase;

  // Partners' facts the disagreement flags compare: owned by housing, police and probation, and
  // brought here by the gateway (@requires) only when a flag is asked for.

  /** Owned by housing: in custody on the day (the hub's custody source). */
  @Field(() => Boolean, { nullable: true })
  @Directive('@external')
  inCustody?: boolean | null;

  /** Owned by police: in custody now, for a conference today or ahead. */
  @Field(() => Boolean, { nullable: true })
  @Directive('@external')
  policeInCustody?: boolean | null;

  /** Owned by probation: in custody on the day. */
  @Field(() => Boolean, { nullable: true })
  @Directive('@external')
  probationInCustody?: boolean | null;

  /** Owned by housing: the district of the accommodation on the day. */
  @Field(() => String, { nullable: true })
  @Directive('@external')
  accommodationArea?: string | null;

  /** Owned by police: the district the police manage the person in. */
  @Field(() => String, { nullable: true })
  @Directive('@external')
  policingArea?: string | null;
}

@InputType({ description: "Narrows a conference's agenda; every filter given must hold." })
export class AgendaFilter {
  @Field(() => IomStrand, { nullable: true })
  strand?: IomStrand | null;

  @Field(() => String, { nullable: true, description: 'A cohort code, e.g. FREE_FEMALE.' })
  cohort?: string | null;

  @Field(() => RagRating, { nullable: true, description: 'The rating at the review before this conference.' })
  previousRag?: RagRating | null;

  @Field(() => Agency, { nullable: true })
  leadAgency?: Agency | null;
}

/** Counts for the chair, over the people on the agenda the caller may see, as they stood before the conference. */
@Directive('@key(fields: "id")')
@ObjectType('AgendaSummary', { description: 'Counts over the people on the agenda the caller may see, as they stood before the conference (referrals and waiting lists: as they stand now).' })
export class AgendaSummary {
  @Field(() => ID, { description: 'The conference id.' })
  id!: string;

  /**
   * Each visible person's evidence window, for the partners' counts (police: new offending,
   * housing: in custody), which @require it. Not in the API: the agenda itself lists people.
   */
  @RequiresScope(Scope.CASE_CONFERENCE)
  @Directive('@inaccessible')
  @Field(() => [ConferenceEvidence], { nullable: true })
  evidence!: ConferenceEvidence[];

  @Field(() => Int, { description: 'People due for review.' })
  people!: number;

  @Field(() => Int, { description: 'Rated RED at the review before this conference.' })
  previousRed!: number;

  @Field(() => Int)
  previousAmber!: number;

  @Field(() => Int)
  previousGreen!: number;

  @Field(() => Int, { description: 'Not reviewed before this conference (adopted since the last one).' })
  notYetReviewed!: number;

  @Field(() => Int, { description: 'Three consecutive greens before this conference.' })
  eligibleForDeselection!: number;

  @Field(() => Int, { description: 'Actions open on the conference day and due before it.' })
  overdueActions!: number;

  @Field(() => Int, { description: 'People with at least one overdue action.' })
  peopleWithOverdueActions!: number;

  @Field(() => Int, { description: 'Referrals awaiting a decision, referred on or before the conference day.' })
  referralsAwaitingDecision!: number;

  @Field(() => Int, { description: 'Cohorts whose waiting list has a head the conference may adopt next.' })
  waitingListHeads!: number;
}

@ObjectType('PathwayScore', { description: 'The score for one pathway: 1 (no need) to 5 (critical need).' })
export class PathwayScore {
  @Field(() => IomPathway)
  pathway!: IomPathway;

  @Field(() => Int)
  score!: number;
}

@InputType({ description: 'Narrows the IOM case list; every filter given must hold.' })
export class IomCaseFilter {
  @Field(() => IomStrand, { nullable: true })
  strand?: IomStrand | null;

  @Field(() => String, { nullable: true, description: 'A cohort code, e.g. FREE_FEMALE.' })
  cohort?: string | null;

  @Field(() => [IomCaseStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: IomCaseStatus[] | null;

  @Field(() => RagRating, { nullable: true, description: "The rating at the case's latest review." })
  rag?: RagRating | null;
}

@InputType({ description: 'A referral to IOM. Sex and date of birth are recorded as the referrer gives them: IOM does not read the person index.' })
export class IomReferralInput {
  @Field(() => ID, { description: 'The hub id of the person referred.' })
  personId!: string;

  @Field({ description: 'The cohort code, e.g. FIXED, FLEX or FREE_FEMALE (see iomCohorts).' })
  cohort!: string;

  @Field(() => Agency)
  sourceAgency!: Agency;

  @Field()
  reason!: string;

  @Field(() => LocalDateResolver)
  referredOn!: string;

  @Field(() => Sex)
  sex!: Sex;

  @Field(() => LocalDateResolver, { description: 'Used for the age criteria; only the age at referral is kept.' })
  dateOfBirth!: string;

  @Field(() => Boolean, { nullable: true, description: 'The offending includes neighbourhood crime (the Fixed strand requires it).' })
  neighbourhoodCrime?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'The person is a domestic abuse perpetrator (the domestic abuse cohort requires it).' })
  domesticAbusePerpetrator?: boolean | null;
}

@InputType()
export class IomReferralDecisionInput {
  @Field(() => ID)
  caseId!: string;

  @Field({ description: "True accepts the referral onto the cohort's waiting list; false declines it (a reason is then required)." })
  accept!: boolean;

  @Field(() => LocalDateResolver)
  decidedOn!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType()
export class IomAdoptionInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => LocalDateResolver)
  adoptedOn!: string;

  @Field(() => IomCaseBasis)
  caseBasis!: IomCaseBasis;

  @Field(() => Agency)
  leadAgency!: Agency;

  @Field()
  keyWorker!: string;
}

@InputType()
export class ConferenceAttendanceInput {
  @Field(() => Agency)
  agency!: Agency;

  @Field(() => Int)
  attendees!: number;
}

@InputType()
export class CaseConferenceInput {
  @Field(() => LocalDateResolver)
  heldOn!: string;

  @Field(() => [Agency])
  chairAgencies!: Agency[];

  @Field(() => [ConferenceAttendanceInput], { nullable: true, description: 'Agencies that attended and how many people each sent; empty for a planned conference.' })
  attendance?: ConferenceAttendanceInput[] | null;
}

@InputType()
export class ConferenceActionInput {
  @Field()
  description!: string;

  @Field(() => Agency)
  ownerAgency!: Agency;

  @Field(() => LocalDateResolver)
  dueOn!: string;
}

@InputType()
export class RagReviewInput {
  @Field(() => ID)
  conferenceId!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => RagRating)
  rating!: RagRating;

  @Field()
  rationale!: string;

  @Field(() => [ConferenceActionInput], { nullable: true })
  actions?: ConferenceActionInput[] | null;
}

@InputType()
export class ConferenceActionStatusInput {
  @Field(() => ID)
  actionId!: string;

  @Field(() => ConferenceActionStatus)
  status!: ConferenceActionStatus;

  @Field(() => LocalDateResolver)
  on!: string;
}

@InputType()
export class PathwayScoreInput {
  @Field(() => IomPathway)
  pathway!: IomPathway;

  @Field(() => Int, { description: '1 (no need) to 5 (critical need).' })
  score!: number;
}

@InputType({ description: 'Every pathway scored once: seven for men, nine for women.' })
export class PathwayAssessmentInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => LocalDateResolver)
  assessedOn!: string;

  @Field(() => [PathwayScoreInput])
  scores!: PathwayScoreInput[];
}

@InputType()
export class IomDeselectionInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => LocalDateResolver)
  deselectedOn!: string;

  @Field({ description: 'How the person keeps their progress beyond IOM.' })
  exitPlan!: string;

  @Field(() => String, { nullable: true, description: 'Required when the person does not have three consecutive greens.' })
  overrideReason?: string | null;
}

@InputType()
export class IomCaseEndInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => LocalDateResolver)
  endedOn!: string;

  @Field(() => IomCaseEndReason)
  reason!: IomCaseEndReason;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

// Not in the schema itself: the cohort's and the strand's rows share these counts.
@ObjectType()
export abstract class CaseloadCounts {
  @Field(() => IomStrand)
  strand!: IomStrand;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int, { nullable: true, description: 'Adopted on the day and not ended before it. Null when suppressed (see `suppressed`).' })
  adopted!: number | null;

  @Field(() => Int, { nullable: true, description: 'Accepted and waiting for a place on the day. Null when suppressed.' })
  waiting!: number | null;

  @Field(() => [String], { description: 'The counts above suppressed by disclosure control (1 to 4 people, or what would give such a count away).' })
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomCohortCaseload', { description: 'Adopted and waiting people on one cohort.' })
export class IomCohortCaseload extends CaseloadCounts {
  @Field(() => String)
  cohortCode!: string;
}

@ObjectType('IomStrandCaseload', { description: 'Adopted and waiting people on one strand, all its cohorts together.' })
export class IomStrandCaseload extends CaseloadCounts {}

@ObjectType('IomRagSpread', { description: 'The ratings given at one conference; counts of people from 1 to 4 are suppressed.' })
export class IomRagSpread {
  conferenceId!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day of that conference (an aggregate needs no case conference access to say when); null when none has reviews.' })
  heldOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (a count from 1 to 4, or one that would give such a count away).' })
  red!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (a count from 1 to 4, or one that would give such a count away).' })
  amber!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (a count from 1 to 4, or one that would give such a count away).' })
  green!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (a count from 1 to 4, or one that would give such a count away).' })
  reviewed!: number | null;

  @Field(() => [String], { description: 'The counts above suppressed by disclosure control.' })
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomPathwayCheckpoint', { description: 'The average pathway total at one checkpoint (0 = entry).' })
export class IomPathwayCheckpoint {
  @Field(() => Int)
  checkpoint!: number;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (1 to 4 assessments: an average of so few is near enough one person\'s score).' })
  assessments!: number | null;

  @Field(() => Float, { nullable: true, description: 'Rounded to two decimals. Null when suppressed.' })
  averageTotal!: number | null;

  @Field(() => [String])
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomReferralsByAgency', { description: 'Referrals one agency made, and how many were accepted. Counts from 1 to 4 are suppressed, with whatever would give them away.' })
export class IomReferralsByAgency {
  @Field(() => Agency)
  agency!: Agency;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (see `suppressed`).' })
  referrals!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed.' })
  accepted!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed.' })
  declined!: number | null;

  @Field(() => Int, { nullable: true, description: 'Not decided yet. Null when suppressed.' })
  pending!: number | null;

  @Field(() => Float, { nullable: true, description: 'Accepted as a share of decided referrals (0–1); null when none was decided, or when accepted or declined is suppressed.' })
  acceptanceRate!: number | null;

  @Field(() => [String])
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause!: WithheldReason | null;
}

@ObjectType('IomReferralsPeriod', { description: 'Referrals made in one month or quarter, by agency.' })
export class IomReferralsPeriod extends SeriesPeriod {

  @Field(() => [IomReferralsByAgency])
  byAgency!: IomReferralsByAgency[];
}

@ObjectType('IomAttendanceByAgency', { description: 'How often an agency attended case conferences.' })
export class IomAttendanceByAgency {
  @Field(() => Agency)
  agency!: Agency;

  @Field(() => Int)
  conferencesAttended!: number;

  @Field(() => Int, { description: 'Conferences held in all (those with attendance recorded).' })
  conferencesHeld!: number;

  @Field(() => Float, { description: 'Attended as a share of held (0–1).' })
  attendanceRate!: number;

  @Field(() => Int, { description: 'People sent over all conferences.' })
  attendees!: number;
}

@ObjectType('IomMeasures', { description: 'Cohort measures for analysts, as they stood at the end of `asOf`. Aggregates only: no one is named.' })
export class IomMeasures {
  @Field(() => LocalDateResolver)
  asOf!: string;
}

@ObjectType('IomCohortMeasuresPoint', { description: 'Caseload, RAG spread, pathway averages and attendance as they stood at the end of one month or quarter.' })
export class IomCohortMeasuresPoint extends SeriesPeriod {

  @Field(() => LocalDateResolver, { description: 'The day the point is measured as of: the end of the period, or `asOf` for a period still running.' })
  asOf!: string;

  /** The series' filter with its area resolved once for every point. */
  selection!: ProtectedSelection;
}
