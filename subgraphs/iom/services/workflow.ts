/**
 * The IOM workflow: referral → decision → adoption → reviews → deselection or another end. Each
 * step checks the case is where the step needs it, inside one transaction, so a refused step
 * (BAD_USER_INPUT, with the reason) writes nothing. Resolvers stay thin: rules on who may do a
 * step can be layered on here without touching them.
 */
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../../kit/errors';
import { requireHubId } from '../../kit/identifiers';
import type { Agency } from '../../kit/agency';
import { Sex } from '../../kit/sex';
import { ageOn } from '../../kit/dates';
import { IomCohort } from '../entities/cohort.entity';
import { IomCase } from '../entities/case.entity';
import { CaseConference, ConferenceAttendance } from '../entities/conference.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { CaseConferenceStatus, ConferenceActionStatus, IomCaseBasis, IomCaseEndReason, IomCaseStatus, IomStrand, RagRating } from '../entities/enums';
import { consecutiveGreens, GREENS_FOR_DESELECTION } from './case-view';
import { WAITING_LIST_ORDER } from './iom-loaders';
import { scoreColumns, type PathwayScoreValue } from './pathways';

const OPEN_STATUSES = [IomCaseStatus.REFERRED, IomCaseStatus.ACCEPTED, IomCaseStatus.ADOPTED];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function requireText(value: string | null | undefined, argumentName: string, max = 2000): string {
  const text = value?.trim() ?? '';
  if (!text) throw badUserInput(`"${argumentName}" must not be empty.`, { argumentName });
  if (text.length > max) throw badUserInput(`"${argumentName}" must be at most ${max.toLocaleString('en-GB')} characters.`, { argumentName });
  return text;
}

function optionalText(value: string | null | undefined, argumentName: string, max = 2000): string | null {
  return value?.trim() ? requireText(value, argumentName, max) : null;
}

function requireDate(value: string, argumentName: string): string {
  if (!ISO_DATE.test(value)) throw badUserInput(`"${argumentName}" must be a date such as 2026-06-30.`, { argumentName });
  return value;
}

function requireNotBefore(date: string, earlier: string, what: string, argumentName: string): void {
  if (date < earlier) throw badUserInput(`${what}: ${date} is before ${earlier}.`, { argumentName });
}

/** The record holds what has happened: a step dated after today (in England) is refused. */
function requireNotAfterToday(date: string, today: string, argumentName: string): void {
  if (date > today) throw badUserInput(`"${argumentName}" is ${date}, after today (${today}): record what has happened, on or after the day it happens.`, { argumentName });
}

async function caseForUpdate(tx: EntityManager, rawId: string, argumentName = 'caseId'): Promise<IomCase> {
  const id = requireHubId(rawId, argumentName);
  const found = await tx.findOne(IomCase, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!found) throw badUserInput(`No IOM case has id ${id}.`, { argumentName });
  return found;
}

function requireStatus(iomCase: IomCase, allowed: IomCaseStatus[], doing: string): void {
  if (!allowed.includes(iomCase.status)) {
    const allowedText = allowed.map((status) => status.toLowerCase()).join(' or ');
    throw badUserInput(`Cannot ${doing}: case ${iomCase.id} is ${iomCase.status.toLowerCase()}, and only a case that is ${allowedText} can be.`, {
      argumentName: 'caseId',
    });
  }
}

export interface ReferralInput {
  personId: string;
  cohort: string;
  sourceAgency: Agency;
  reason: string;
  referredOn: string;
  sex: Sex;
  dateOfBirth: string;
  neighbourhoodCrime?: boolean | null;
  domesticAbusePerpetrator?: boolean | null;
}

async function requireCohort(tx: EntityManager, code: string): Promise<IomCohort> {
  const cohort = await tx.findOne(IomCohort, { code });
  if (cohort) return cohort;
  const known = await tx.find(IomCohort, {}, { orderBy: { displayOrder: 'asc' } });
  throw badUserInput(
    `No IOM cohort is called "${code}". Cohorts belong to the ${Object.values(IomStrand).join(', ')} strands; they are: ${known.map((c) => c.code).join(', ')}.`,
    { argumentName: 'cohort' },
  );
}

/** Why the person does not meet the cohort's entry criteria, or null when they do. */
export function unmetCriterion(cohort: IomCohort, sex: Sex, age: number, input: ReferralInput): string | null {
  if (cohort.sex && cohort.sex !== sex) return `the ${cohort.name} cohort takes ${cohort.sex === Sex.FEMALE ? 'women' : 'men'} only`;
  if (cohort.minAge !== null && age < cohort.minAge) return `the ${cohort.name} cohort takes people aged ${cohort.minAge} or over at referral; this person was ${age}`;
  if (cohort.maxAge !== null && age > cohort.maxAge) return `the ${cohort.name} cohort takes people aged ${cohort.maxAge} or under at referral; this person was ${age}`;
  if (cohort.requiresNeighbourhoodCrime && !input.neighbourhoodCrime) return `the ${cohort.name} cohort takes neighbourhood crime offenders only (set neighbourhoodCrime)`;
  if (cohort.requiresDomesticAbuse && !input.domesticAbusePerpetrator) return `the ${cohort.name} cohort takes domestic abuse perpetrators only (set domesticAbusePerpetrator)`;
  return null;
}

export async function referToIom(em: EntityManager, input: ReferralInput, today: string): Promise<IomCase> {
  const personId = requireHubId(input.personId, 'personId');
  const referredOn = requireDate(input.referredOn, 'referredOn');
  requireNotAfterToday(referredOn, today, 'referredOn');
  const dateOfBirth = requireDate(input.dateOfBirth, 'dateOfBirth');
  const reason = requireText(input.reason, 'reason');
  return em.transactional(async (tx) => {
    const cohort = await requireCohort(tx, input.cohort);
    if (dateOfBirth >= referredOn) throw badUserInput('"dateOfBirth" must be before "referredOn".', { argumentName: 'dateOfBirth' });
    const age = ageOn(dateOfBirth, referredOn);
    if (age < 18) throw badUserInput(`IOM manages adults: this person was ${age} on ${referredOn}.`, { argumentName: 'dateOfBirth' });
    const unmet = unmetCriterion(cohort, input.sex, age, input);
    if (unmet) throw badUserInput(`The referral does not meet the entry criteria: ${unmet}.`, { argumentName: 'cohort' });
    const open = await tx.findOne(IomCase, { personId, status: { $in: OPEN_STATUSES } });
    if (open) {
      throw badUserInput(`This person already has an open IOM case (${open.id}, ${open.status.toLowerCase()} on ${open.cohortCode}); end it before referring again.`, {
        argumentName: 'personId',
      });
    }
    const referred = tx.create(IomCase, {
      personId,
      cohortCode: cohort.code,
      status: IomCaseStatus.REFERRED,
      sex: input.sex,
      ageAtReferral: age,
      sourceAgency: input.sourceAgency,
      referralReason: reason,
      referredOn,
      neighbourhoodCrime: !!input.neighbourhoodCrime,
      domesticAbusePerpetrator: !!input.domesticAbusePerpetrator,
    });
    // Flushed here so a referral racing past the check above meets the database's own rule.
    await tx.flush();
    return referred;
  }).catch((error: unknown) => {
    if (error instanceof UniqueConstraintViolationException) {
      throw badUserInput('This person already has an open IOM case (another referral was recorded a moment ago); end it before referring again.', { argumentName: 'personId' });
    }
    throw error;
  });
}

export interface ReferralDecisionInput {
  caseId: string;
  accept: boolean;
  decidedOn: string;
  reason?: string | null;
}

/** Accepting puts the case on its cohort's waiting list; adoption takes the list in order. */
export async function decideIomReferral(em: EntityManager, input: ReferralDecisionInput, today: string): Promise<IomCase> {
  const decidedOn = requireDate(input.decidedOn, 'decidedOn');
  requireNotAfterToday(decidedOn, today, 'decidedOn');
  return em.transactional(async (tx) => {
    const iomCase = await caseForUpdate(tx, input.caseId);
    requireStatus(iomCase, [IomCaseStatus.REFERRED], 'decide on this referral');
    requireNotBefore(decidedOn, iomCase.referredOn, 'A referral cannot be decided before it was made', 'decidedOn');
    const reason = input.accept ? optionalText(input.reason, 'reason') : requireText(input.reason, 'reason');
    iomCase.status = input.accept ? IomCaseStatus.ACCEPTED : IomCaseStatus.DECLINED;
    iomCase.decidedOn = decidedOn;
    iomCase.decisionReason = reason;
    return iomCase;
  });
}

export interface AdoptionInput {
  caseId: string;
  adoptedOn: string;
  caseBasis: IomCaseBasis;
  leadAgency: Agency;
  keyWorker: string;
}

export async function adoptIomCase(em: EntityManager, input: AdoptionInput, today: string): Promise<IomCase> {
  const adoptedOn = requireDate(input.adoptedOn, 'adoptedOn');
  requireNotAfterToday(adoptedOn, today, 'adoptedOn');
  const keyWorker = requireText(input.keyWorker, 'keyWorker', 200);
  return em.transactional(async (tx) => {
    const iomCase = await caseForUpdate(tx, input.caseId);
    requireStatus(iomCase, [IomCaseStatus.ACCEPTED], 'adopt this case');
    requireNotBefore(adoptedOn, iomCase.decidedOn ?? iomCase.referredOn, 'A case cannot be adopted before its referral was accepted', 'adoptedOn');
    // The cohort row is the lock that keeps two adoptions from taking the last place together.
    const cohort = await tx.findOneOrFail(IomCohort, { code: iomCase.cohortCode }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const caseload = await tx.count(IomCase, { cohortCode: cohort.code, status: IomCaseStatus.ADOPTED });
    const waiting = await tx.find(IomCase, { cohortCode: cohort.code, status: IomCaseStatus.ACCEPTED }, { orderBy: WAITING_LIST_ORDER });
    const position = waiting.findIndex((other) => other.id === iomCase.id) + 1;
    if (caseload >= cohort.capacity) {
      throw badUserInput(
        `The ${cohort.name} cohort is full (${caseload} of ${cohort.capacity} places): the case stays on its waiting list at position ${position} until a place is free.`,
        { argumentName: 'caseId' },
      );
    }
    if (position > 1) {
      throw badUserInput(
        `The ${cohort.name} waiting list is taken in order: ${position - 1} accepted referral(s) are ahead of this one; adopt case ${waiting[0].id} first.`,
        { argumentName: 'caseId' },
      );
    }
    iomCase.status = IomCaseStatus.ADOPTED;
    iomCase.adoptedOn = adoptedOn;
    iomCase.caseBasis = input.caseBasis;
    iomCase.leadAgency = input.leadAgency;
    iomCase.keyWorker = keyWorker;
    return iomCase;
  });
}

export interface AttendanceValue {
  agency: Agency;
  attendees: number;
}

export interface ConferenceInput {
  heldOn: string;
  chairAgencies: Agency[];
  attendance?: AttendanceValue[] | null;
}

function requireAttendance(attendance: AttendanceValue[]): void {
  const agencies = new Set<Agency>();
  for (const { agency, attendees } of attendance) {
    if (agencies.has(agency)) throw badUserInput(`${agency} appears twice in the attendance; give each agency once.`, { argumentName: 'attendance' });
    agencies.add(agency);
    if (!Number.isInteger(attendees) || attendees < 1 || attendees > 50) {
      throw badUserInput(`${agency} attendance must be from 1 to 50 people; it was ${attendees}. Leave out agencies that did not attend.`, { argumentName: 'attendance' });
    }
  }
}

function oneADay(heldOn: string): string {
  return `The partnership already has a case conference on ${heldOn}: hold that one (recordConferenceAttendance) rather than recording a second.`;
}

/** A conference racing past the check above meets the database's unique index. */
function oneConferencePerDay(heldOn: string) {
  return (error: unknown): never => {
    if (error instanceof UniqueConstraintViolationException) throw badUserInput(oneADay(heldOn), { argumentName: 'heldOn' });
    throw error;
  };
}

/**
 * Plans a conference (any day, future included) or, with attendance, records one held on or
 * before today. One a day: a second on the same date is refused, by the database too.
 */
export async function recordCaseConference(em: EntityManager, input: ConferenceInput, today: string): Promise<CaseConference> {
  const heldOn = requireDate(input.heldOn, 'heldOn');
  const chairs = [...new Set(input.chairAgencies)];
  if (chairs.length === 0) throw badUserInput('A case conference needs at least one chair agency.', { argumentName: 'chairAgencies' });
  const attendance = input.attendance ?? [];
  requireAttendance(attendance);
  if (attendance.length > 0 && heldOn > today) {
    throw badUserInput(`Attendance is recorded on the day: the conference on ${heldOn} has not been held yet (today is ${today}). Plan it without attendance.`, { argumentName: 'attendance' });
  }
  return em
    .transactional(async (tx) => {
      if (await tx.count(CaseConference, { heldOn })) throw badUserInput(oneADay(heldOn), { argumentName: 'heldOn' });
      const conference = tx.create(CaseConference, { heldOn, chairAgencies: chairs, status: attendance.length ? CaseConferenceStatus.HELD : CaseConferenceStatus.PLANNED });
      await tx.flush();
      for (const { agency, attendees } of attendance) tx.create(ConferenceAttendance, { conferenceId: conference.id, agency, attendees });
      return conference;
    })
    .catch(oneConferencePerDay(heldOn));
}

async function conferenceForUpdate(tx: EntityManager, rawId: string): Promise<CaseConference> {
  const id = requireHubId(rawId, 'conferenceId');
  const conference = await tx.findOne(CaseConference, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!conference) throw badUserInput(`No case conference has id ${id}.`, { argumentName: 'conferenceId' });
  return conference;
}

export interface AttendanceInput {
  conferenceId: string;
  attendance: AttendanceValue[];
}

/** Holds a planned conference on its day (or corrects a held one's attendance): the attendance replaces any recorded. */
export async function recordConferenceAttendance(em: EntityManager, input: AttendanceInput, today: string): Promise<CaseConference> {
  requireAttendance(input.attendance);
  if (input.attendance.length === 0) throw badUserInput('Give at least one agency that attended.', { argumentName: 'attendance' });
  return em.transactional(async (tx) => {
    const conference = await conferenceForUpdate(tx, input.conferenceId);
    if (conference.heldOn > today) {
      throw badUserInput(`The conference on ${conference.heldOn} has not been held yet (today is ${today}): attendance is recorded on the day.`, { argumentName: 'conferenceId' });
    }
    if (conference.status === CaseConferenceStatus.CLOSED) throw badUserInput(`The conference on ${conference.heldOn} is closed: nothing more is recorded at it.`, { argumentName: 'conferenceId' });
    await tx.nativeDelete(ConferenceAttendance, { conferenceId: conference.id });
    for (const { agency, attendees } of input.attendance) tx.create(ConferenceAttendance, { conferenceId: conference.id, agency, attendees });
    conference.status = CaseConferenceStatus.HELD;
    return conference;
  });
}

/** Closes a held conference: no more reviews or actions are recorded at it. */
export async function closeCaseConference(em: EntityManager, conferenceId: string): Promise<CaseConference> {
  return em.transactional(async (tx) => {
    const conference = await conferenceForUpdate(tx, conferenceId);
    if (conference.status !== CaseConferenceStatus.HELD) {
      throw badUserInput(`Only a held conference can be closed: the conference on ${conference.heldOn} is ${conference.status.toLowerCase()}.`, { argumentName: 'conferenceId' });
    }
    conference.status = CaseConferenceStatus.CLOSED;
    return conference;
  });
}

export interface ActionValue {
  description: string;
  ownerAgency: Agency;
  dueOn: string;
}

export interface ReviewInput {
  conferenceId: string;
  caseId: string;
  rating: RagRating;
  rationale: string;
  actions?: ActionValue[] | null;
}

export async function recordRagReview(em: EntityManager, input: ReviewInput): Promise<RagReview> {
  const conferenceId = requireHubId(input.conferenceId, 'conferenceId');
  const rationale = requireText(input.rationale, 'rationale');
  const actions = (input.actions ?? []).map((action, i) => ({
    description: requireText(action.description, `actions[${i}].description`, 500),
    ownerAgency: action.ownerAgency,
    dueOn: requireDate(action.dueOn, `actions[${i}].dueOn`),
  }));
  return em.transactional(async (tx) => {
    const conference = await tx.findOne(CaseConference, { id: conferenceId });
    if (!conference) throw badUserInput(`No case conference has id ${conferenceId}.`, { argumentName: 'conferenceId' });
    if (conference.status !== CaseConferenceStatus.HELD) {
      throw badUserInput(
        conference.status === CaseConferenceStatus.PLANNED
          ? `The conference on ${conference.heldOn} has not been held: record its attendance on the day (recordConferenceAttendance), then its reviews.`
          : `The conference on ${conference.heldOn} is closed: nothing more is recorded at it.`,
        { argumentName: 'conferenceId' },
      );
    }
    const iomCase = await caseForUpdate(tx, input.caseId);
    if (iomCase.status !== IomCaseStatus.ADOPTED || !iomCase.adoptedOn) {
      throw badUserInput(`Only adopted cases are reviewed: case ${iomCase.id} is ${iomCase.status.toLowerCase()}.`, { argumentName: 'caseId' });
    }
    if (iomCase.adoptedOn > conference.heldOn) {
      throw badUserInput(`Case ${iomCase.id} was adopted on ${iomCase.adoptedOn}, after this conference (${conference.heldOn}).`, { argumentName: 'caseId' });
    }
    if (await tx.count(RagReview, { caseId: iomCase.id, conferenceId })) {
      throw badUserInput(`Case ${iomCase.id} has already been reviewed at this conference.`, { argumentName: 'caseId' });
    }
    for (const [i, action] of actions.entries()) {
      requireNotBefore(action.dueOn, conference.heldOn, 'An action cannot be due before the conference that agreed it', `actions[${i}].dueOn`);
    }
    const review = tx.create(RagReview, { caseId: iomCase.id, conferenceId, reviewedOn: conference.heldOn, rating: input.rating, rationale });
    await tx.flush();
    for (const action of actions) tx.create(ConferenceAction, { ...action, reviewId: review.id, caseId: iomCase.id, agreedOn: conference.heldOn });
    return review;
  });
}

/** Where an action may move from each status: forward only, and DONE and CANCELLED are final. */
export const NEXT_ACTION_STATUSES: Record<ConferenceActionStatus, ConferenceActionStatus[]> = {
  [ConferenceActionStatus.OPEN]: [ConferenceActionStatus.IN_PROGRESS, ConferenceActionStatus.DONE, ConferenceActionStatus.CANCELLED],
  [ConferenceActionStatus.IN_PROGRESS]: [ConferenceActionStatus.DONE, ConferenceActionStatus.CANCELLED],
  [ConferenceActionStatus.DONE]: [],
  [ConferenceActionStatus.CANCELLED]: [],
};

export interface ActionStatusInput {
  actionId: string;
  status: ConferenceActionStatus;
  on: string;
}

export async function updateConferenceActionStatus(em: EntityManager, input: ActionStatusInput, today: string): Promise<ConferenceAction> {
  const id = requireHubId(input.actionId, 'actionId');
  const on = requireDate(input.on, 'on');
  requireNotAfterToday(on, today, 'on');
  return em.transactional(async (tx) => {
    const action = await tx.findOne(ConferenceAction, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!action) throw badUserInput(`No conference action has id ${id}.`, { argumentName: 'actionId' });
    const allowed = NEXT_ACTION_STATUSES[action.status];
    if (!allowed.includes(input.status)) {
      throw badUserInput(
        allowed.length
          ? `An action that is ${action.status} can only move to ${allowed.join(', ')}.`
          : `The action is already ${action.status.toLowerCase()}: that is final.`,
        { argumentName: 'status' },
      );
    }
    requireNotBefore(on, action.agreedOn, 'An action cannot change before it was agreed', 'on');
    action.status = input.status;
    if (input.status === ConferenceActionStatus.DONE || input.status === ConferenceActionStatus.CANCELLED) action.closedOn = on;
    return action;
  });
}

export interface AssessmentInput {
  caseId: string;
  assessedOn: string;
  scores: PathwayScoreValue[];
}

export async function recordPathwayAssessment(em: EntityManager, input: AssessmentInput, today: string): Promise<PathwayAssessment> {
  const assessedOn = requireDate(input.assessedOn, 'assessedOn');
  requireNotAfterToday(assessedOn, today, 'assessedOn');
  return em.transactional(async (tx) => {
    const iomCase = await caseForUpdate(tx, input.caseId);
    if (iomCase.status !== IomCaseStatus.ADOPTED || !iomCase.adoptedOn) {
      throw badUserInput(`Pathways are assessed for adopted cases only: case ${iomCase.id} is ${iomCase.status.toLowerCase()}.`, { argumentName: 'caseId' });
    }
    requireNotBefore(assessedOn, iomCase.adoptedOn, 'The first assessment is at adoption, not before it', 'assessedOn');
    const columns = scoreColumns(iomCase.sex, input.scores);
    const previous = await tx.findOne(PathwayAssessment, { caseId: iomCase.id }, { orderBy: { checkpoint: 'desc' } });
    if (previous && assessedOn <= previous.assessedOn) {
      throw badUserInput(`Assessments are recorded in order: the last one was on ${previous.assessedOn}.`, { argumentName: 'assessedOn' });
    }
    return tx.create(PathwayAssessment, { caseId: iomCase.id, assessedOn, checkpoint: previous ? previous.checkpoint + 1 : 0, ...columns });
  });
}

export interface DeselectionInput {
  caseId: string;
  deselectedOn: string;
  exitPlan: string;
  overrideReason?: string | null;
}

export async function deselectFromIom(em: EntityManager, input: DeselectionInput, today: string): Promise<IomCase> {
  const deselectedOn = requireDate(input.deselectedOn, 'deselectedOn');
  requireNotAfterToday(deselectedOn, today, 'deselectedOn');
  if (!input.exitPlan?.trim()) {
    throw badUserInput('Deselection needs an exit plan: how the person keeps their progress beyond IOM and which universal services they will use.', {
      argumentName: 'exitPlan',
    });
  }
  const exitPlan = requireText(input.exitPlan, 'exitPlan', 4000);
  const overrideReason = optionalText(input.overrideReason, 'overrideReason');
  return em.transactional(async (tx) => {
    const iomCase = await caseForUpdate(tx, input.caseId);
    requireStatus(iomCase, [IomCaseStatus.ADOPTED], 'deselect');
    requireNotBefore(deselectedOn, iomCase.adoptedOn!, 'A case cannot be deselected before it was adopted', 'deselectedOn');
    const reviews = await tx.find(RagReview, { caseId: iomCase.id }, { orderBy: { reviewedOn: 'asc', createdAt: 'asc' } });
    const last = reviews[reviews.length - 1];
    if (last) requireNotBefore(deselectedOn, last.reviewedOn, 'A case cannot be deselected before its last review', 'deselectedOn');
    const greens = consecutiveGreens(reviews);
    if (greens < GREENS_FOR_DESELECTION && !overrideReason) {
      throw badUserInput(
        `Case ${iomCase.id} is not eligible for deselection: it has ${greens} consecutive green review(s), and ${GREENS_FOR_DESELECTION} are needed. Give an overrideReason to deselect anyway.`,
        { argumentName: 'overrideReason' },
      );
    }
    iomCase.status = IomCaseStatus.DESELECTED;
    iomCase.endedOn = deselectedOn;
    iomCase.exitPlan = exitPlan;
    iomCase.deselectionOverrideReason = greens < GREENS_FOR_DESELECTION ? overrideReason : null;
    return iomCase;
  });
}

export interface EndCaseInput {
  caseId: string;
  endedOn: string;
  reason: IomCaseEndReason;
  note?: string | null;
}

/** Custody, moving away or death ends a case (adopted, or still waiting) without an exit plan. */
export async function endIomCase(em: EntityManager, input: EndCaseInput, today: string): Promise<IomCase> {
  const endedOn = requireDate(input.endedOn, 'endedOn');
  requireNotAfterToday(endedOn, today, 'endedOn');
  const note = optionalText(input.note, 'note');
  return em.transactional(async (tx) => {
    const iomCase = await caseForUpdate(tx, input.caseId);
    requireStatus(iomCase, [IomCaseStatus.ADOPTED, IomCaseStatus.ACCEPTED], 'end this case');
    requireNotBefore(endedOn, iomCase.adoptedOn ?? iomCase.decidedOn ?? iomCase.referredOn, 'A case cannot end before it started', 'endedOn');
    iomCase.status = IomCaseStatus.ENDED;
    iomCase.endedOn = endedOn;
    iomCase.endReason = input.reason;
    iomCase.endNote = note;
    return iomCase;
  });
}
