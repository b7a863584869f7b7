/**
 * What IOM knows for the row rules: who is on the caseload (an adopted, open case) and who
 * belongs to the case conference (the caseload, plus those accepted onto a waiting list or
 * referred and awaiting a decision).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../kit/access/caller';
import type { PolicyEvaluator } from '../../kit/access/enforce';
import { HUB_ID, type RowKeys } from '../../kit/access/rows';
import { IomCase } from '../entities/case.entity';
import { IomCaseStatus } from '../entities/enums';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { IomPerson } from '../entities/iom-person';
import type { IomContext } from '../resolvers/context';

const CASELOAD = [IomCaseStatus.ADOPTED];
const CONFERENCE_PEOPLE = [IomCaseStatus.ADOPTED, IomCaseStatus.ACCEPTED, IomCaseStatus.REFERRED];

/** The hub ids IOM counts in the caller's rule (the rest of an agency rule is the index's to add). */
export async function iomRowMembers(em: EntityManager, caller: Caller): Promise<string[]> {
  const statuses = caller.rows === 'conference-people' ? CONFERENCE_PEOPLE : caller.rows === 'none' ? [] : CASELOAD;
  if (statuses.length === 0) return [];
  const rows = await em.getConnection().execute<{ person_id: string }[]>(
    `select distinct person_id from iom_case where status in (${statuses.map(() => '?').join(',')}) order by person_id`,
    statuses,
  );
  return rows.map((row) => row.person_id);
}

/** A case still in the partnership's hands: two people each with one must not be merged into one. */
const OPEN = [IomCaseStatus.REFERRED, IomCaseStatus.ACCEPTED, IomCaseStatus.ADOPTED];

/** Which of these hub ids have an open case. */
export async function openCasePeople(em: EntityManager, personIds: string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await em.getConnection().execute<{ person_id: string }[]>(
    `select distinct person_id from iom_case where status in (${OPEN.map(() => '?').join(',')}) and person_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [...OPEN, JSON.stringify(personIds)],
  );
  return rows.map((row) => row.person_id);
}

/** A review, an action or an assessment: about the person whose case it belongs to. */
function holdsCase(object: unknown): object is RagReview | ConferenceAction | PathwayAssessment {
  return object instanceof RagReview || object instanceof ConferenceAction || object instanceof PathwayAssessment;
}

/** The person an object names itself (a case, a person, an agenda item, an evidence window); undefined for one that only holds a case. */
function namedPersonOf(object: unknown): string | null | undefined {
  if (object instanceof IomCase) return object.personId;
  if (holdsCase(object)) return undefined;
  if (object instanceof IomPerson || (typeof object === 'object' && object !== null && 'id' in object && !('iomCase' in object))) {
    return String((object as IomPerson).id);
  }
  if (typeof object === 'object' && object !== null && 'iomCase' in object) return (object as { iomCase: IomCase }).iomCase.personId;
  return null;
}

/** The person an IOM object is about, whatever its type. */
async function personIdOf(object: unknown, context: IomContext): Promise<string | null> {
  const named = namedPersonOf(object);
  if (named !== undefined) return named;
  return (await context.loaders.caseById.load((object as RagReview | ConferenceAction | PathwayAssessment).caseId))?.personId ?? null;
}

function judgeRow(visible: RowKeys, object: unknown, context: IomContext): boolean | Promise<boolean> {
  // Every row visible (and no one restricted from the caller): a review's person would cost a
  // statement to find, and its case is reported where it is returned, so only objects that
  // name their person are noted.
  if (visible.everyRow) {
    const personId = namedPersonOf(object);
    if (personId) context.rows.note(HUB_ID, personId);
    return true;
  }
  // The guard notes the person: disclosed, or a restricted person withheld.
  return personIdOf(object, context).then((personId) => !!personId && context.rows.allows(HUB_ID, personId));
}

/** The `rows` policy on IOM's types: a case, a review, an action, an assessment, an agenda item or a person outside the rule does not exist. */
export const IOM_ROW_POLICIES: Record<string, PolicyEvaluator> = {
  rows: (_caller, object, context) => {
    const iomContext = context as IomContext;
    // Once the request has read its visible keys (once per request), an agenda's thousands of row
    // checks are judged without waiting on that read again each time.
    const known = iomContext.rows.visibleKeysNow(HUB_ID);
    if (known) return judgeRow(known, object, iomContext);
    return iomContext.rows.visibleKeys(HUB_ID).then((visible) => judgeRow(visible, object, iomContext));
  },
};
