/**
 * The IOM subgraph's DataLoaders, fresh for each request. Every field that reads the database
 * goes through one of these, so an agenda of 120 people costs the same statements as one of 12.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne } from '../../kit/loaders';
import { IomCohort } from '../entities/cohort.entity';
import { IomCase } from '../entities/case.entity';
import { CaseConference, ConferenceAttendance } from '../entities/conference.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { IomCaseStatus } from '../entities/enums';

/** A case on a conference's agenda: adopted on or before the day and not ended before it. */
export function activeOn(iomCase: Pick<IomCase, 'adoptedOn' | 'endedOn'>, date: string): boolean {
  return !!iomCase.adoptedOn && iomCase.adoptedOn <= date && (!iomCase.endedOn || iomCase.endedOn >= date);
}

/** The waiting list order: accepted first, then referred first. */
export const WAITING_LIST_ORDER = { decidedOn: 'asc', createdAt: 'asc', id: 'asc' } as const;

export function createIomLoaders(em: EntityManager) {
  const cohortByCode = loaderOfOne<string, IomCohort>(
    (codes) => em.find(IomCohort, { code: { $in: [...codes] } }),
    (cohort) => cohort.code,
  );

  const caseById = loaderOfOne<string, IomCase>(
    (ids) => em.find(IomCase, { id: { $in: [...ids] } }),
    (iomCase) => iomCase.id,
  );

  /** Oldest referral first: the last is the person's current case. */
  const casesByPersonId = loaderOfMany<string, IomCase>(
    (personIds) => em.find(IomCase, { personId: { $in: [...personIds] } }, { orderBy: { referredOn: 'asc', createdAt: 'asc', id: 'asc' } }),
    (iomCase) => iomCase.personId,
  );

  /** Adopted cases counted per cohort (one grouped statement for every cohort asked about). */
  const caseloadByCohort = loaderOfOne<string, { cohortCode: string; caseload: number }>(
    async (codes) => {
      const rows: { cohort_code: string; caseload: string }[] = await em
        .getConnection()
        .execute(`select cohort_code, count(*) as caseload from iom_case where status = ? and cohort_code in (${codes.map(() => '?').join(',')}) group by cohort_code`, [
          IomCaseStatus.ADOPTED,
          ...codes,
        ]);
      return rows.map((row) => ({ cohortCode: row.cohort_code, caseload: Number(row.caseload) }));
    },
    (row) => row.cohortCode,
  );

  const waitingListByCohort = loaderOfMany<string, IomCase>(
    (codes) => em.find(IomCase, { cohortCode: { $in: [...codes] }, status: IomCaseStatus.ACCEPTED }, { orderBy: WAITING_LIST_ORDER }),
    (iomCase) => iomCase.cohortCode,
  );

  /** Oldest first. */
  const reviewsByCaseId = loaderOfMany<string, RagReview>(
    (caseIds) => em.find(RagReview, { caseId: { $in: [...caseIds] } }, { orderBy: { reviewedOn: 'asc', createdAt: 'asc' } }),
    (review) => review.caseId,
  );

  const reviewsByConferenceId = loaderOfMany<string, RagReview>(
    (conferenceIds) => em.find(RagReview, { conferenceId: { $in: [...conferenceIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    (review) => review.conferenceId,
  );

  const actionsByCaseId = loaderOfMany<string, ConferenceAction>(
    (caseIds) => em.find(ConferenceAction, { caseId: { $in: [...caseIds] } }, { orderBy: { agreedOn: 'asc', dueOn: 'asc', id: 'asc' } }),
    (action) => action.caseId,
  );

  const actionsByReviewId = loaderOfMany<string, ConferenceAction>(
    (reviewIds) => em.find(ConferenceAction, { reviewId: { $in: [...reviewIds] } }, { orderBy: { dueOn: 'asc', id: 'asc' } }),
    (action) => action.reviewId,
  );

  /** Oldest first: the first is the assessment at entry. */
  const assessmentsByCaseId = loaderOfMany<string, PathwayAssessment>(
    (caseIds) => em.find(PathwayAssessment, { caseId: { $in: [...caseIds] } }, { orderBy: { checkpoint: 'asc' } }),
    (assessment) => assessment.caseId,
  );

  const conferenceById = loaderOfOne<string, CaseConference>(
    (ids) => em.find(CaseConference, { id: { $in: [...ids] } }),
    (conference) => conference.id,
  );

  const attendanceByConferenceId = loaderOfMany<string, ConferenceAttendance>(
    (ids) => em.find(ConferenceAttendance, { conferenceId: { $in: [...ids] } }, { orderBy: { agency: 'asc' } }),
    (attendance) => attendance.conferenceId,
  );

  /** Everyone due for review on each day asked about, in one statement for all the days. */
  const agendaByDate = loaderOfMany<string, { date: string; iomCase: IomCase }>(
    async (dates) => {
      const sorted = [...dates].sort();
      const candidates = await em.find(
        IomCase,
        { adoptedOn: { $ne: null, $lte: sorted[sorted.length - 1] }, $or: [{ endedOn: null }, { endedOn: { $gte: sorted[0] } }] },
        { orderBy: { cohortCode: 'asc', adoptedOn: 'asc', id: 'asc' } },
      );
      return dates.flatMap((date) => candidates.filter((iomCase) => activeOn(iomCase, date)).map((iomCase) => ({ date, iomCase })));
    },
    (row) => row.date,
  );

  return {
    cohortByCode,
    caseById,
    casesByPersonId,
    caseloadByCohort,
    waitingListByCohort,
    reviewsByCaseId,
    reviewsByConferenceId,
    actionsByCaseId,
    actionsByReviewId,
    assessmentsByCaseId,
    conferenceById,
    attendanceByConferenceId,
    agendaByDate,
  };
}

export type IomLoaders = ReturnType<typeof createIomLoaders>;
