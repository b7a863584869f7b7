import { registerEnumType } from 'type-graphql';

export enum TreatmentReferralRoute {
  DRR = 'DRR',
  ATR = 'ATR',
  CUSTODY = 'CUSTODY',
  ARREST_REFERRAL = 'ARREST_REFERRAL',
  SELF = 'SELF',
  OTHER = 'OTHER',
}
registerEnumType(TreatmentReferralRoute, {
  name: 'TreatmentReferralRoute',
  description: 'How a person came into a treatment episode.',
  valuesConfig: {
    DRR: { description: "A Drug Rehabilitation Requirement of a community or suspended sentence order (the episode starts on the requirement's start date)." },
    ATR: { description: "An Alcohol Treatment Requirement of a community or suspended sentence order (the episode starts on the requirement's start date)." },
    CUSTODY: { description: 'Referred by prison treatment services on release (continuity of care).' },
    ARREST_REFERRAL: { description: 'Referred after arrest (drug testing on arrest, arrest referral workers).' },
    SELF: { description: 'Self-referral.' },
    OTHER: { description: 'Any other route: GP, hospital, social care, housing, family.' },
  },
});

export enum TreatmentDischargeReason {
  COMPLETED_DRUG_FREE = 'COMPLETED_DRUG_FREE',
  COMPLETED_ALCOHOL_FREE = 'COMPLETED_ALCOHOL_FREE',
  COMPLETED_OCCASIONAL_USER = 'COMPLETED_OCCASIONAL_USER',
  DROPPED_OUT = 'DROPPED_OUT',
  TRANSFERRED_COMMUNITY = 'TRANSFERRED_COMMUNITY',
  TRANSFERRED_IN_CUSTODY = 'TRANSFERRED_IN_CUSTODY',
  TREATMENT_DECLINED = 'TREATMENT_DECLINED',
}
registerEnumType(TreatmentDischargeReason, {
  name: 'TreatmentDischargeReason',
  description: 'Why a treatment episode ended.',
  valuesConfig: {
    COMPLETED_DRUG_FREE: { description: 'Treatment completed, free of dependence on drugs.' },
    COMPLETED_ALCOHOL_FREE: { description: 'Treatment completed, free of dependence on alcohol.' },
    COMPLETED_OCCASIONAL_USER: { description: 'Treatment completed, occasional use only (not opiates or crack).' },
    DROPPED_OUT: { description: 'Left treatment before completing it.' },
    TRANSFERRED_COMMUNITY: { description: 'Transferred to another community provider.' },
    TRANSFERRED_IN_CUSTODY: { description: 'Went into custody; treatment continues with prison healthcare.' },
    TREATMENT_DECLINED: { description: 'Declined treatment after assessment.' },
  },
});

export enum TreatmentSubstance {
  OPIATES = 'OPIATES',
  CRACK = 'CRACK',
  COCAINE = 'COCAINE',
  CANNABIS = 'CANNABIS',
  BENZODIAZEPINES = 'BENZODIAZEPINES',
  AMPHETAMINES = 'AMPHETAMINES',
  ALCOHOL = 'ALCOHOL',
}
registerEnumType(TreatmentSubstance, { name: 'TreatmentSubstance', description: 'A substance treated or tested for. Special category (clinical).' });

export enum TreatmentTestMethod {
  URINE = 'URINE',
  ORAL_FLUID = 'ORAL_FLUID',
  BREATH = 'BREATH',
}
registerEnumType(TreatmentTestMethod, { name: 'TreatmentTestMethod', description: 'How a sample was taken.' });

export enum TreatmentTestResult {
  NEGATIVE = 'NEGATIVE',
  POSITIVE = 'POSITIVE',
  REFUSED = 'REFUSED',
}
registerEnumType(TreatmentTestResult, { name: 'TreatmentTestResult', description: 'The result of a drug or alcohol test. Special category (clinical).' });

export enum TreatmentReviewStage {
  START = 'START',
  REVIEW = 'REVIEW',
  EXIT = 'EXIT',
}
registerEnumType(TreatmentReviewStage, {
  name: 'TreatmentReviewStage',
  description: 'When an outcome review was done: at the start of treatment, every three months during it, or at a planned exit.',
});

export enum TreatmentHousingSituation {
  NO_PROBLEM = 'NO_PROBLEM',
  HOUSING_PROBLEM = 'HOUSING_PROBLEM',
  URGENT_HOUSING_PROBLEM = 'URGENT_HOUSING_PROBLEM',
}
registerEnumType(TreatmentHousingSituation, { name: 'TreatmentHousingSituation', description: 'Housing as reported at an outcome review. Special category (clinical).' });

export enum TreatmentEmploymentStatus {
  EMPLOYED = 'EMPLOYED',
  UNEMPLOYED = 'UNEMPLOYED',
  EDUCATION_OR_TRAINING = 'EDUCATION_OR_TRAINING',
  UNABLE_TO_WORK = 'UNABLE_TO_WORK',
}
registerEnumType(TreatmentEmploymentStatus, { name: 'TreatmentEmploymentStatus', description: 'Work as reported at an outcome review. Special category (clinical).' });
