import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Directive, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { IdentifierType, requireValidIdentifier } from '../../kit/identifiers';
import { packedSupervisionStarts, predictorDirections, treatmentRequirementActivity } from '../services/measure-inputs';
import type { ProbationContext } from './person.resolver';
import { requireKeysWithinLimit } from '../../kit/ask-limits';

@Directive('@inaccessible')
@ObjectType('ProbationRequirementStarts', { description: 'How many requirements of one type started in a period.' })
class ProbationRequirementStarts {
  @Field()
  type!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [String], { description: "The requirements' ids, so the measure can compare the requirements two answers count." })
  requirementIds!: string[];
}

@Directive('@inaccessible')
@ObjectType('ProbationRequirementCompletion', { description: 'A requirement completed successfully: its type, the day, and the PNC ID to check reoffending by.' })
class ProbationRequirementCompletion {
  @Field()
  type!: string;

  @Field(() => LocalDateResolver)
  completedOn!: string;

  @Field(() => String, { nullable: true })
  pncId!: string | null;

  @Field({ description: "The requirement's id, so the measure can compare the requirements two answers count." })
  requirementId!: string;
}

@Directive('@inaccessible')
@ObjectType('ProbationRequirementActivity', { description: 'DRR and ATR starts and completions in a period.' })
class ProbationRequirementActivity {
  @Field(() => [ProbationRequirementStarts])
  starts!: ProbationRequirementStarts[];

  @Field(() => [ProbationRequirementCompletion])
  completions!: ProbationRequirementCompletion[];
}

@Directive('@inaccessible')
@InputType('ProbationPredictorSinceInput', { description: "A person (by CRN) and the start date their predictor's movement is measured from." })
class ProbationPredictorSinceInput {
  @Field(() => Int, { description: "The asker's label, echoed back." })
  ref!: number;

  @Field()
  crn!: string;

  @Field(() => LocalDateResolver)
  since!: string;
}

@Directive('@inaccessible')
@ObjectType('ProbationPredictorDirection', { description: "Which way one person's reoffending predictor moved: FELL, ROSE, UNCHANGED, NOT_REASSESSED or NO_BASELINE." })
class ProbationPredictorDirection {
  @Field(() => Int)
  ref!: number;

  @Field()
  direction!: string;
}

@Resolver()
export class ProbationMeasureInputsResolver {
  /**
   * For the hub's aggregate measures (@inaccessible): everyone probation has supervised on a
   * statutory order begun on or before `to`, with their first order's start, so a measure can
   * take that as the start date. CRNs and dates move to the measuring service, never to a caller.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => String, {
    nullable: true,
    description: 'First statutory order start per person, begun on or before a day, one line per CRN: `crn<TAB>startedOn<TAB>endedOn` (endedOn empty while the order runs; aggregate measures only).',
  })
  async supervisionStarts(@Arg('to', () => LocalDateResolver) to: string, @Ctx() context: ProbationContext): Promise<string> {
    // Packed rows (subgraphs/kit/packed-rows.ts): thousands of people as GraphQL objects cost more to complete than to read.
    return packedSupervisionStarts(context.em, to);
  }

  /**
   * For the hub's aggregate measures, not for callers (@inaccessible keeps it out of the API):
   * DRR and ATR starts (counts) and completions (day and PNC ID, so the measure can ask police to
   * count offences in the six months after) in a period, for everyone or the CRNs supplied.
   * Only a caller holding aggregate statistics may cause it, and the measure's own answer holds
   * no person-level row, so the row rule does not narrow it.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => ProbationRequirementActivity, { nullable: true, description: 'DRR and ATR starts and completions in a period (aggregate measures only).' })
  async treatmentRequirementActivity(
    @Arg('from', () => LocalDateResolver) from: string,
    @Arg('to', () => LocalDateResolver) to: string,
    @Arg('crns', () => [String], { nullable: true, description: 'Only these people; everyone when absent.' }) crns: string[] | null,
    @Ctx() context: ProbationContext,
  ): Promise<ProbationRequirementActivity> {
    if (from > to) throw badUserInput('"from" may not be after "to".', { argumentName: 'from' });
    if (crns) requireKeysWithinLimit(crns, 'crns', 'people');
    const checked = crns?.map((crn) => requireValidIdentifier(IdentifierType.CRN, crn, 'crns')) ?? null;
    return treatmentRequirementActivity(context.em, from, to, checked);
  }

  /**
   * For the hub's aggregate measures (@inaccessible): which way each person's reoffending
   * predictor moved from the assessment at a start date to the latest on or before `asOf` — a
   * direction per label, never a score.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [ProbationPredictorDirection], { nullable: true, description: "Each person's reoffending predictor movement since a start date (aggregate measures only)." })
  async reoffendingPredictorDirections(
    @Arg('people', () => [ProbationPredictorSinceInput]) people: ProbationPredictorSinceInput[],
    @Arg('asOf', () => LocalDateResolver) asOf: string,
    @Ctx() context: ProbationContext,
  ): Promise<ProbationPredictorDirection[]> {
    requireKeysWithinLimit(people, 'people', 'people');
    const checked = people.map((person) => ({ ref: person.ref, crn: requireValidIdentifier(IdentifierType.CRN, person.crn, 'people'), since: person.since }));
    return predictorDirections(context.em, checked, asOf);
  }
}
