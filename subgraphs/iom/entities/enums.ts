import { registerEnumType } from 'type-graphql';

export enum IomStrand {
  FIXED = 'FIXED',
  FLEX = 'FLEX',
  FREE = 'FREE',
}
registerEnumType(IomStrand, {
  name: 'IomStrand',
  description: 'The three strands of Integrated Offender Management in the national strategy.',
  valuesConfig: {
    FIXED: { description: 'Neighbourhood crime: burglary, robbery, theft from the person, theft of or from a motor vehicle.' },
    FLEX: { description: 'Local priorities chosen by the partnership.' },
    FREE: { description: 'Locally chosen cohorts, such as transitional age, women, domestic abuse perpetrators.' },
  },
});

export enum IomCaseStatus {
  REFERRED = 'REFERRED',
  DECLINED = 'DECLINED',
  ACCEPTED = 'ACCEPTED',
  ADOPTED = 'ADOPTED',
  DESELECTED = 'DESELECTED',
  ENDED = 'ENDED',
}
registerEnumType(IomCaseStatus, {
  name: 'IomCaseStatus',
  description: 'Where an IOM case is in its life: referral, decision, adoption, then deselection or another end.',
  valuesConfig: {
    REFERRED: { description: 'Referred and waiting for the partnership to decide.' },
    DECLINED: { description: 'The referral was declined (the reason is recorded).' },
    ACCEPTED: { description: "Accepted and on the cohort's waiting list until adopted, in order of acceptance." },
    ADOPTED: { description: 'Managed on the cohort and reviewed at case conferences.' },
    DESELECTED: { description: 'Deselected with an exit plan.' },
    ENDED: { description: 'Ended for another reason: custody, moved away or died.' },
  },
});

export enum IomCaseBasis {
  STATUTORY = 'STATUTORY',
  NON_STATUTORY = 'NON_STATUTORY',
}
registerEnumType(IomCaseBasis, {
  name: 'IomCaseBasis',
  description: 'Why the person engages with IOM.',
  valuesConfig: {
    STATUTORY: { description: 'A court order, licence or post-sentence supervision requires it.' },
    NON_STATUTORY: { description: 'A conditional caution with a requirement to engage: cannot be enforced.' },
  },
});

export enum IomCaseEndReason {
  CUSTODY = 'CUSTODY',
  MOVED_AWAY = 'MOVED_AWAY',
  DIED = 'DIED',
}
registerEnumType(IomCaseEndReason, { name: 'IomCaseEndReason', description: 'Why a case ended other than by deselection.' });

export enum RagRating {
  RED = 'RED',
  AMBER = 'AMBER',
  GREEN = 'GREEN',
}
registerEnumType(RagRating, { name: 'RagRating', description: 'The red/amber/green rating a case conference gives a person at each review.' });

/** A conference is planned, then held on the day (attendance recorded), then closed. */
export enum CaseConferenceStatus {
  PLANNED = 'PLANNED',
  HELD = 'HELD',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseConferenceStatus, {
  name: 'CaseConferenceStatus',
  description: 'PLANNED until its attendance is recorded on the day; HELD while reviews and actions are recorded; CLOSED when nothing more may be recorded at it.',
});

export enum ConferenceActionStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ConferenceActionStatus, {
  name: 'ConferenceActionStatus',
  description: 'Progress of an action agreed at a case conference. DONE and CANCELLED are final.',
});

/** The nine pathways out of offending; the last two are assessed for women only. */
export enum IomPathway {
  ACCOMMODATION = 'ACCOMMODATION',
  EDUCATION_TRAINING_EMPLOYMENT = 'EDUCATION_TRAINING_EMPLOYMENT',
  FINANCE_BENEFIT_DEBT = 'FINANCE_BENEFIT_DEBT',
  CHILDREN_AND_FAMILIES = 'CHILDREN_AND_FAMILIES',
  DRUGS_AND_ALCOHOL = 'DRUGS_AND_ALCOHOL',
  HEALTH = 'HEALTH',
  ATTITUDES_THINKING_BEHAVIOUR = 'ATTITUDES_THINKING_BEHAVIOUR',
  ABUSE_DOMESTIC_VIOLENCE = 'ABUSE_DOMESTIC_VIOLENCE',
  SEX_WORK = 'SEX_WORK',
}
registerEnumType(IomPathway, {
  name: 'IomPathway',
  description: 'A pathway out of offending scored in the pathway assessment (1 = no need to 5 = critical need).',
  valuesConfig: {
    HEALTH: { description: 'Health, including mental health.' },
    ABUSE_DOMESTIC_VIOLENCE: { description: 'Abuse and domestic violence: assessed for women only.' },
    SEX_WORK: { description: 'Sex work: assessed for women only.' },
  },
});

export const PATHWAYS_FOR_EVERYONE: IomPathway[] = [
  IomPathway.ACCOMMODATION,
  IomPathway.EDUCATION_TRAINING_EMPLOYMENT,
  IomPathway.FINANCE_BENEFIT_DEBT,
  IomPathway.CHILDREN_AND_FAMILIES,
  IomPathway.DRUGS_AND_ALCOHOL,
  IomPathway.HEALTH,
  IomPathway.ATTITUDES_THINKING_BEHAVIOUR,
];
export const PATHWAYS_FOR_WOMEN_ONLY: IomPathway[] = [IomPathway.ABUSE_DOMESTIC_VIOLENCE, IomPathway.SEX_WORK];

/** Each pathway is scored 1 (no need) to 5 (critical need): a man's total runs 7–35, a woman's 9–45. */
export const PATHWAY_SCORE_MIN = 1;
export const PATHWAY_SCORE_MAX = 5;
