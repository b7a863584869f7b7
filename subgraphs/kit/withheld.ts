/** Why an aggregate answer was withheld whole: one enum for every subgraph that withholds (the gateway composes one type). */
import { registerEnumType } from 'type-graphql';

/** Why an answer was withheld whole (every figure null and named in `suppressed`). */
export enum WithheldReason {
  REST_OF_WIDER_GROUP = 'REST_OF_WIDER_GROUP',
  NEAR_EARLIER_ANSWER = 'NEAR_EARLIER_ANSWER',
}
registerEnumType(WithheldReason, {
  name: 'WithheldReason',
  description: 'Why a measure was withheld whole.',
  valuesConfig: {
    REST_OF_WIDER_GROUP: { description: 'A wider group the caller could ask for (the filter without one of its parts), minus this one, would show a count of 1 to 4 people.' },
    NEAR_EARLIER_ANSWER: {
      description:
        'The people this answer counts differ by 1 to 4 from those of an answer already given (to anyone): the two together would describe those few. Ask for a range or day further from it (e.g. whole months).',
    },
  },
});

export const WITHHELD_BECAUSE_DESCRIPTION = 'Null when answered; otherwise why every figure is withheld.';
