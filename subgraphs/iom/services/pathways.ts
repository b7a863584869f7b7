/**
 * Pathway scores: the column each pathway is stored in, and the rules a set of scores must meet.
 */
import { badUserInput } from '../../kit/errors';
import { Sex } from '../../kit/sex';
import type { PathwayAssessment } from '../entities/assessment.entity';
import { IomPathway, PATHWAY_SCORE_MAX, PATHWAY_SCORE_MIN, PATHWAYS_FOR_EVERYONE, PATHWAYS_FOR_WOMEN_ONLY } from '../entities/enums';

type ScoreColumn =
  | 'accommodation'
  | 'educationTrainingEmployment'
  | 'financeBenefitDebt'
  | 'childrenAndFamilies'
  | 'drugsAndAlcohol'
  | 'health'
  | 'attitudesThinkingBehaviour'
  | 'abuseDomesticViolence'
  | 'sexWork';

export const PATHWAY_COLUMN: Record<IomPathway, ScoreColumn> = {
  [IomPathway.ACCOMMODATION]: 'accommodation',
  [IomPathway.EDUCATION_TRAINING_EMPLOYMENT]: 'educationTrainingEmployment',
  [IomPathway.FINANCE_BENEFIT_DEBT]: 'financeBenefitDebt',
  [IomPathway.CHILDREN_AND_FAMILIES]: 'childrenAndFamilies',
  [IomPathway.DRUGS_AND_ALCOHOL]: 'drugsAndAlcohol',
  [IomPathway.HEALTH]: 'health',
  [IomPathway.ATTITUDES_THINKING_BEHAVIOUR]: 'attitudesThinkingBehaviour',
  [IomPathway.ABUSE_DOMESTIC_VIOLENCE]: 'abuseDomesticViolence',
  [IomPathway.SEX_WORK]: 'sexWork',
};

export interface PathwayScoreValue {
  pathway: IomPathway;
  score: number;
}

export function pathwaysFor(sex: Sex): IomPathway[] {
  return sex === Sex.FEMALE ? [...PATHWAYS_FOR_EVERYONE, ...PATHWAYS_FOR_WOMEN_ONLY] : PATHWAYS_FOR_EVERYONE;
}

export function scoresOf(assessment: PathwayAssessment): PathwayScoreValue[] {
  const scores: PathwayScoreValue[] = [];
  for (const pathway of Object.values(IomPathway)) {
    const score = assessment[PATHWAY_COLUMN[pathway]];
    if (score !== null && score !== undefined) scores.push({ pathway, score });
  }
  return scores;
}

export type ScoreColumns = Record<Exclude<ScoreColumn, 'abuseDomesticViolence' | 'sexWork'>, number> & {
  abuseDomesticViolence: number | null;
  sexWork: number | null;
  total: number;
};

/** Checks a set of scores for a person of this sex and returns the columns to store, with the total. */
export function scoreColumns(sex: Sex, scores: PathwayScoreValue[]): ScoreColumns {
  const expected = pathwaysFor(sex);
  const seen = new Set<IomPathway>();
  const columns: Partial<Record<ScoreColumn, number>> = {};
  let total = 0;
  for (const { pathway, score } of scores) {
    if (seen.has(pathway)) throw badUserInput(`The ${pathway} pathway is scored twice; give each pathway once.`, { argumentName: 'scores' });
    seen.add(pathway);
    if (!expected.includes(pathway)) {
      throw badUserInput(`The ${pathway} pathway is assessed for women only, and this case is recorded as ${sex.toLowerCase()}.`, { argumentName: 'scores' });
    }
    if (!Number.isInteger(score) || score < PATHWAY_SCORE_MIN || score > PATHWAY_SCORE_MAX) {
      throw badUserInput(`The ${pathway} score must be a whole number from ${PATHWAY_SCORE_MIN} (no need) to ${PATHWAY_SCORE_MAX} (critical need); it was ${score}.`, {
        argumentName: 'scores',
      });
    }
    columns[PATHWAY_COLUMN[pathway]] = score;
    total += score;
  }
  const missing = expected.filter((pathway) => !seen.has(pathway));
  if (missing.length) throw badUserInput(`Every pathway must be scored; missing: ${missing.join(', ')}.`, { argumentName: 'scores' });
  // Every pathway for this sex is present now, so each required column is set.
  return { abuseDomesticViolence: null, sexWork: null, ...columns, total } as ScoreColumns;
}
