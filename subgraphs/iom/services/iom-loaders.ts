/**
 * The IOM subgraph's DataLoaders, fresh for each request. Every field that reads the database
 * goes through one of these, so an agenda of 120 people costs the same statements as one of 12.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne, rowByKey, rowsByKey } from '../../kit/loaders';
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
  const cohortByCode = rowByKey(em, IomCohort, 'code');

  const caseById = rowByKey(em, IomCase, 'id');

  /** Oldest referral first: the last is the person's current case. */
  const casesByPersonId = rowsByKey(em, IomCase, 'personId', { orderBy: { referredOn: 'asc', createdAt: 'asc', id: 'asc' } });

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

  const waitingListByCohort = rowsByKey(em, IomCase, 'cohortCode', { where: { status: IomCaseStatus.ACCEPTED }, orderBy: WAITING_LIST_ORDER });

  /** Oldest first. */
  const reviewsByCaseId = rowsByKey(em, RagReview, 'caseId', { orderBy: { reviewedOn: 'asc', createdAt: 'asc' } });

  const reviewsByConferenceId = rowsByKey(em, RagReview, 'conferenceId', { orderBy: { createdAt: 'asc', id: 'asc' } });

  const actionsByCaseId = rowsByKey(em, ConferenceAction, 'caseId', { orderBy: { agreedOn: 'asc', dueOn: 'asc', id: 'asc' } });

  const actionsByReviewId = rowsByKey(em, ConferenceAction, 'reviewId', { orderBy: { dueOn: 'asc', id: 'asc' } });

  /** Oldest first: the first is the assessment at entry. */
  const assessmentsByCaseId = rowsByKey(em, PathwayAssessment, 'caseId', { orderBy: { checkpoint: 'asc' } });

  const conferenceById = rowByKey(em, CaseConference, 'id');

  const attendanceByConferenceId = rowsByKey(em, ConferenceAttendance, 'conferenceId', { orderBy: { agency: 'asc' } });

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
