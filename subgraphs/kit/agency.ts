import { registerEnumType } from 'type-graphql';

/** The partners of a Community Safety Partnership, each its own data controller. */
export enum Agency {
  POLICE = 'POLICE',
  PROBATION = 'PROBATION',
  PRISON = 'PRISON',
  HOUSING = 'HOUSING',
  SUBSTANCE_MISUSE = 'SUBSTANCE_MISUSE',
  HEALTH = 'HEALTH',
  IOM = 'IOM',
}

registerEnumType(Agency, {
  name: 'Agency',
  description: 'A partner agency of the Community Safety Partnership.',
  valuesConfig: {
    POLICE: { description: 'The police force.' },
    PROBATION: { description: 'The Probation Service.' },
    PRISON: { description: 'HM Prison Service.' },
    HOUSING: { description: 'A district or borough housing authority.' },
    SUBSTANCE_MISUSE: { description: 'A commissioned substance-misuse treatment provider.' },
    HEALTH: { description: 'The NHS.' },
    IOM: { description: 'The Integrated Offender Management partnership itself.' },
  },
});
