/** IOM's answers are checked against the sets IOM has published before, recorded in `iom_released_set`. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { releaseAnswers as releaseAnswersIn, type AnswerSet } from '../../kit/released-sets';

export { type AnswerSet, DISCLOSURE_CHECK_UNAVAILABLE_MESSAGE, MAX_SETS_COMPARED, MAX_SETS_COMPARED_PER_CHECK } from '../../kit/released-sets';

export function releaseAnswers(em: EntityManager, answers: readonly (readonly AnswerSet[])[]): Promise<boolean[]> {
  return releaseAnswersIn(em, 'iom_released_set', answers);
}
