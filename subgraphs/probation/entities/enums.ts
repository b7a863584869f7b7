import { registerEnumType } from 'type-graphql';

export enum ProbationOrderType {
  COMMUNITY_ORDER = 'COMMUNITY_ORDER',
  SUSPENDED_SENTENCE_ORDER = 'SUSPENDED_SENTENCE_ORDER',
  LICENCE = 'LICENCE',
  POST_SENTENCE_SUPERVISION = 'POST_SENTENCE_SUPERVISION',
}
registerEnumType(ProbationOrderType, {
  name: 'ProbationOrderType',
  description: 'The sentence or order probation supervises.',
  valuesConfig: {
    COMMUNITY_ORDER: { description: 'A community order made by a court.' },
    SUSPENDED_SENTENCE_ORDER: { description: 'A suspended sentence order with requirements.' },
    LICENCE: { description: 'Licence after release from custody: breach can mean recall.' },
    POST_SENTENCE_SUPERVISION: { description: 'Supervision after a short sentence’s licence has ended.' },
  },
});

export enum ProbationTerminationReason {
  COMPLETED = 'COMPLETED',
  EARLY_FOR_GOOD_PROGRESS = 'EARLY_FOR_GOOD_PROGRESS',
  REVOKED_FOR_BREACH = 'REVOKED_FOR_BREACH',
  RESENTENCED_FOR_FURTHER_OFFENCE = 'RESENTENCED_FOR_FURTHER_OFFENCE',
  RECALLED = 'RECALLED',
}
registerEnumType(ProbationTerminationReason, { name: 'ProbationTerminationReason', description: 'Why an order ended.' });

export enum ProbationRequirementType {
  DRUG_REHABILITATION = 'DRUG_REHABILITATION',
  ALCOHOL_TREATMENT = 'ALCOHOL_TREATMENT',
  MENTAL_HEALTH_TREATMENT = 'MENTAL_HEALTH_TREATMENT',
  ALCOHOL_ABSTINENCE_MONITORING = 'ALCOHOL_ABSTINENCE_MONITORING',
  ACCREDITED_PROGRAMME = 'ACCREDITED_PROGRAMME',
  REHABILITATION_ACTIVITY = 'REHABILITATION_ACTIVITY',
  UNPAID_WORK = 'UNPAID_WORK',
  CURFEW = 'CURFEW',
}
registerEnumType(ProbationRequirementType, {
  name: 'ProbationRequirementType',
  description: 'A requirement of a community or suspended sentence order.',
  valuesConfig: {
    DRUG_REHABILITATION: { description: 'Drug Rehabilitation Requirement (DRR).' },
    ALCOHOL_TREATMENT: { description: 'Alcohol Treatment Requirement (ATR).' },
    MENTAL_HEALTH_TREATMENT: { description: 'Mental Health Treatment Requirement (MHTR).' },
    ALCOHOL_ABSTINENCE_MONITORING: { description: 'Alcohol Abstinence Monitoring Requirement (an alcohol tag).' },
    ACCREDITED_PROGRAMME: { description: 'An accredited behaviour-change programme.' },
    REHABILITATION_ACTIVITY: { description: 'Rehabilitation Activity Requirement (RAR).' },
    UNPAID_WORK: { description: 'Unpaid work (Community Payback).' },
    CURFEW: { description: 'Electronically monitored curfew.' },
  },
});

export enum ProbationRequirementStatus {
  NOT_STARTED = 'NOT_STARTED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  TERMINATED_EARLY = 'TERMINATED_EARLY',
  BREACHED = 'BREACHED',
}
registerEnumType(ProbationRequirementStatus, {
  name: 'ProbationRequirementStatus',
  description: 'Where a requirement stands.',
  valuesConfig: { COMPLETED: { description: 'Completed successfully.' } },
});

export enum ProbationAppointmentOutcome {
  ATTENDED = 'ATTENDED',
  FAILED_TO_ATTEND_ACCEPTABLE = 'FAILED_TO_ATTEND_ACCEPTABLE',
  FAILED_TO_ATTEND_UNACCEPTABLE = 'FAILED_TO_ATTEND_UNACCEPTABLE',
}
registerEnumType(ProbationAppointmentOutcome, {
  name: 'ProbationAppointmentOutcome',
  description: 'Whether a supervision appointment was kept; an unacceptable absence leads to a warning letter, a second within 12 months to breach.',
});

export enum ProbationEnforcementKind {
  WARNING_LETTER = 'WARNING_LETTER',
  BREACH = 'BREACH',
  RECALL = 'RECALL',
}
registerEnumType(ProbationEnforcementKind, { name: 'ProbationEnforcementKind', description: 'An enforcement step on an order or licence.' });

export enum RiskOfSeriousHarm {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  VERY_HIGH = 'VERY_HIGH',
}
registerEnumType(RiskOfSeriousHarm, { name: 'RiskOfSeriousHarm', description: 'Risk of serious harm (RoSH) level.' });

export enum CrsService {
  ACCOMMODATION = 'ACCOMMODATION',
  EDUCATION_TRAINING_EMPLOYMENT = 'EDUCATION_TRAINING_EMPLOYMENT',
  FINANCE_BENEFIT_DEBT = 'FINANCE_BENEFIT_DEBT',
  WOMENS_SERVICES = 'WOMENS_SERVICES',
}
registerEnumType(CrsService, { name: 'CrsService', description: 'A Commissioned Rehabilitative Service (CRS).' });
