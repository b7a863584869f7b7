/**
 * The IOM subgraph's DataLoaders, fresh for each request. Every field that reads the database
 * goes through one of these, so an agenda of 120 people costs the same statements as one of 12.
 */
import type DataLoader from 'dataloader';
import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne, rowByKey, rowDataByKeys, rowsByKey, type StringKeyOf } from '../../kit/loaders';
import { IomCohort } from '../entities/cohort.entity';
import { IomCase } from '../entities/case.entity';
import { CaseConference, ConferenceAttendance } from '../entities/conference.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { IomCaseStatus } from '../entities/enums';
import { CaseViews } from './case-view';

/** A case on a conference's agenda: adopted on or before the day and not ended before it. */
export function activeOn(iomCase: Pick<IomCase, 'adoptedOn' | 'endedOn'>, date: string): boolean {
  return !!iomCase.adoptedOn && iomCase.adoptedOn <= date && (!iomCase.endedOn || iomCase.endedOn >= date);
}

/** The waiting list order: accepted first, then referred first. */
export const WAITING_LIST_ORDER = { decidedOn: 'asc', createdAt: 'asc', id: 'asc' } as const;

/**
 * Rows read for answering only, never changed through the entity manager: instances of the entity
 * (so `instanceof` and the row rules see what they expect) with every column read, but left out of
 * the unit of work. Hydrating thousands of reviews, actions and assessments as managed entities
 * (identity map, change-set snapshots, relation propagation) was most of IOM's CPU on a large
 * agenda. Mutations read what they change through `em` themselves, and clear these loaders after.
 */
async function readOnlyRows<TEntity extends object>(em: EntityManager, entity: new () => TEntity, where: FilterQuery<TEntity>, orderBy: QueryOrderMap<TEntity>): Promise<TEntity[]> {
  const rows: Record<string, unknown>[] = await em.createQueryBuilder(entity).select('*').where(where).orderBy(orderBy).execute('all', true);
  const prototype = readOnlyPrototype(em, entity);
  return rows.map((row) => Object.assign(Object.create(prototype) as TEntity, row));
}

/** `readOnlyRows` of the rows whose `key` is one of `keys`, through the kit's statement written once per shape. */
async function readOnlyRowsByKeys<TEntity extends object>(em: EntityManager, entity: new () => TEntity, key: StringKeyOf<TEntity>, keys: readonly string[], orderBy: QueryOrderMap<TEntity>): Promise<TEntity[]> {
  const rows = await rowDataByKeys(em, entity, key, keys, '*', { orderBy: orderBy as QueryOrderMap<object> });
  const prototype = readOnlyPrototype(em, entity);
  return rows.map((row) => Object.assign(Object.create(prototype) as TEntity, row));
}

const readOnlyPrototypes = new WeakMap<object, object>();

/**
 * The entity's prototype under plain writable properties: MikroORM puts setters for every column on
 * the entity's own prototype (assigning through them attaches its change tracking to the object),
 * and a plain property nearer in the chain makes an assignment a plain own property instead.
 */
function readOnlyPrototype(em: EntityManager, entity: new () => object): object {
  let prototype = readOnlyPrototypes.get(entity);
  if (!prototype) {
    const columns = Object.keys(em.getMetadata().get(entity.name).properties);
    prototype = Object.create(entity.prototype, Object.fromEntries(columns.map((name) => [name, { value: undefined, writable: true, enumerable: false, configurable: true }]))) as object;
    readOnlyPrototypes.set(entity, prototype);
  }
  return prototype;
}

/** `rowsByKey`, read only (see `readOnlyRows`). */
function readOnlyRowsByKey<TEntity extends object>(em: EntityManager, entity: new () => TEntity, key: StringKeyOf<TEntity>, orderBy: QueryOrderMap<TEntity>) {
  // MikroORM's FilterQuery cannot follow a key chosen by a type parameter; StringKeyOf checks it.
  return loaderOfMany<string, TEntity>((keys) => readOnlyRowsByKeys(em, entity, key, keys, orderBy), (row) => row[key] as string);
}

/** `rowByKey`, read only (see `readOnlyRows`). */
function readOnlyRowByKey<TEntity extends object>(em: EntityManager, entity: new () => TEntity, key: StringKeyOf<TEntity>) {
  return loaderOfOne<string, TEntity>((keys) => readOnlyRowsByKeys(em, entity, key, keys, {}), (row) => row[key] as string);
}

/**
 * A loader whose answers, once a load of them has settled in this request, can also be had at once
 * (`now`): a field whose rows were read for the whole agenda answers with a plain value, where
 * waiting on each of thousands of already-settled promises was a large share of an agenda's CPU.
 */
export class SettlingLoader<V> {
  private readonly settled = new Map<string, V>();
  private readonly watched = new Set<string>();

  constructor(private readonly loader: DataLoader<string, V>) {}

  load(key: string): Promise<V> {
    const loading = this.loader.load(key);
    if (!this.watched.has(key)) {
      this.watched.add(key);
      // A failed load stays the caller's to see; it is only never settled here.
      loading.then((value) => this.settled.set(key, value), () => undefined);
    }
    return loading;
  }

  /** The answer for `key` if a load of it has settled; undefined otherwise. */
  now(key: string): V | undefined {
    return this.settled.get(key);
  }

  /** What a field makes of the answer for `key`: at once when a load of it has settled, else once it is loaded. */
  answer<R = V>(key: string, use: (value: V) => R = (value) => value as unknown as R): R | Promise<R> {
    return this.settled.has(key) ? use(this.settled.get(key) as V) : this.load(key).then(use);
  }

  clearAll(): this {
    this.loader.clearAll();
    this.settled.clear();
    this.watched.clear();
    return this;
  }
}

export function createIomLoaders(em: EntityManager) {
  const cohortByCode = new SettlingLoader(rowByKey(em, IomCohort, 'code'));

  const caseById = readOnlyRowByKey(em, IomCase, 'id');

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
  const reviewsByCaseId = readOnlyRowsByKey(em, RagReview, 'caseId', { reviewedOn: 'asc', createdAt: 'asc' });

  const reviewsByConferenceId = readOnlyRowsByKey(em, RagReview, 'conferenceId', { createdAt: 'asc', id: 'asc' });

  const actionsByCaseId = readOnlyRowsByKey(em, ConferenceAction, 'caseId', { agreedOn: 'asc', dueOn: 'asc', id: 'asc' });

  const actionsByReviewId = new SettlingLoader(readOnlyRowsByKey(em, ConferenceAction, 'reviewId', { dueOn: 'asc', id: 'asc' }));

  /** Oldest first: the first is the assessment at entry. */
  const assessmentsByCaseId = new SettlingLoader(readOnlyRowsByKey(em, PathwayAssessment, 'caseId', { checkpoint: 'asc' }));

  const conferenceById = new SettlingLoader(rowByKey(em, CaseConference, 'id'));

  const attendanceByConferenceId = rowsByKey(em, ConferenceAttendance, 'conferenceId', { orderBy: { agency: 'asc' } });

  /** Everyone due for review on each day asked about, in one statement for all the days. */
  const agendaByDate = loaderOfMany<string, { date: string; iomCase: IomCase }>(
    async (dates) => {
      const sorted = [...dates].sort();
      const candidates = await readOnlyRows(
        em,
        IomCase,
        { adoptedOn: { $ne: null, $lte: sorted[sorted.length - 1] }, $or: [{ endedOn: null }, { endedOn: { $gte: sorted[0] } }] },
        { cohortCode: 'asc', adoptedOn: 'asc', id: 'asc' },
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
    caseViews: new CaseViews(),
  };
}

export type IomLoaders = ReturnType<typeof createIomLoaders>;
