/**
 * The period argument of the partners' after-release counts, one declaration for every partner
 * that counts them; each partner names its own type, since each is @inaccessible in its own
 * subgraph and IOM's asks name them.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, InputType } from 'type-graphql';
import type { CountPeriod } from './ask-limits';

export interface CountPeriodInputClass {
  new (): CountPeriod;
}

export function countPeriodInput(name: string): CountPeriodInputClass {
  @Directive('@inaccessible')
  @InputType(name, { description: 'Releases from `from` to `to`, as they stood at the end of `asOf`.' })
  class CountPeriodInput implements CountPeriod {
    @Field(() => LocalDateResolver)
    from!: string;

    @Field(() => LocalDateResolver)
    to!: string;

    @Field(() => LocalDateResolver)
    asOf!: string;
  }
  return CountPeriodInput;
}
