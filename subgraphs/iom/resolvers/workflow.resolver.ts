import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { IomCase } from '../entities/case.entity';
import { CaseConference } from '../entities/conference.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import * as workflow from '../services/workflow';
import { badUserInput } from '../../kit/errors';
import { requireHubId } from '../../kit/identifiers';
import { HUB_ID, rowsUnavailable } from '../../kit/access/rows';
import { logger } from '../../kit/logger';
import type { IomContext } from './context';
import {
  CaseConferenceInput,
  ConferenceAttendanceInput,
  ConferenceActionStatusInput,
  IomAdoptionInput,
  IomCaseEndInput,
  IomDeselectionInput,
  IomReferralDecisionInput,
  IomReferralInput,
  PathwayAssessmentInput,
  RagReviewInput,
} from './types';
import { RequiresScope, Scope } from '../../kit/access/directives';

/**
 * Asks the person index, with the caller's own signed context, which hub id this one is known by
 * now (following merges); null when the index has never held it or withholds it from the caller.
 * An index that cannot be reached refuses the referral, as the row rules do: nothing is written.
 */
async function currentHubIdInIndex(context: IomContext, hubId: string): Promise<string | null> {
  let data: { currentHubId: string | null };
  try {
    data = await context.askSubgraph<{ currentHubId: string | null }>('people', 'query CurrentHubId($id: ID!) { currentHubId(id: $id) }', { id: hubId });
  } catch (error) {
    // The error may quote the hub id, so only its kind is logged.
    logger.warn({ reason: error instanceof Error ? error.name : typeof error }, 'person index unavailable; referral refused');
    throw rowsUnavailable();
  }
  return data.currentHubId;
}

/** Each mutation is one step of the workflow service; loaders are cleared so the answer is fresh. */
@Resolver()
export class IomWorkflowResolver {
  private async fresh<T>(context: IomContext, step: () => Promise<T>, caseId?: string, actionId?: string): Promise<T> {
    // A case outside the caller's row rule does not exist for them, to change as to read; nor do its actions.
    if (actionId !== undefined) {
      const id = requireHubId(actionId, 'actionId');
      const action = await context.em.findOne(ConferenceAction, { id });
      const owner = action ? await context.loaders.caseById.load(action.caseId) : null;
      if (owner && !(await context.rows.allows(HUB_ID, owner.personId))) throw badUserInput(`No conference action has id ${id}.`, { argumentName: 'actionId' });
    }
    if (caseId !== undefined) {
      const id = requireHubId(caseId, 'caseId');
      const existing = await context.loaders.caseById.load(id);
      if (existing && !(await context.rows.allows(HUB_ID, existing.personId))) throw badUserInput(`No IOM case has id ${id}.`, { argumentName: 'caseId' });
    }
    const result = await step();
    for (const loader of Object.values(context.loaders)) loader.clearAll();
    return result;
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => IomCase, { nullable: true, description: 'Refers a person to a cohort. Refused when the entry criteria are not met or the person already has an open case.' })
  async referToIom(@Arg('input', () => IomReferralInput) input: IomReferralInput, @Ctx() context: IomContext): Promise<IomCase> {
    // A restricted person the caller is not named on cannot be referred, nor can their open case be
    // revealed by the refusal a second referral would get: to the caller, no such person. A hub id
    // the person index has never held gets the very same refusal, so trying a referral cannot tell
    // the two apart. A merged-away hub id refers the person it was merged into, as the index says.
    const personId = requireHubId(input.personId, 'personId');
    const noSuchPerson = () => badUserInput(`No person has id ${personId}.`, { argumentName: 'personId' });
    // Both asked at once: either unanswered refuses the referral alike.
    const [{ withheld }, current] = await Promise.all([context.rows.visibleKeys(HUB_ID), currentHubIdInIndex(context, personId)]);
    if (withheld.has(personId)) {
      await context.rows.allows(HUB_ID, personId);
      throw noSuchPerson();
    }
    if (current === null) throw noSuchPerson();
    if (withheld.has(current)) {
      await context.rows.allows(HUB_ID, current);
      throw noSuchPerson();
    }
    return this.fresh(context, () => workflow.referToIom(context.em, { ...input, personId: current }, context.today));
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => IomCase, { nullable: true, description: "Accepts a referral onto the cohort's waiting list, or declines it with a reason." })
  decideIomReferral(@Arg('input', () => IomReferralDecisionInput) input: IomReferralDecisionInput, @Ctx() context: IomContext): Promise<IomCase> {
    return this.fresh(context, () => workflow.decideIomReferral(context.em, input, context.today), input.caseId);
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => IomCase, { nullable: true, description: 'Adopts the next accepted referral on its cohort; refused when the cohort is full or others wait ahead.' })
  adoptIomCase(@Arg('input', () => IomAdoptionInput) input: IomAdoptionInput, @Ctx() context: IomContext): Promise<IomCase> {
    return this.fresh(context, () => workflow.adoptIomCase(context.em, input, context.today), input.caseId);
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)
  @Mutation(() => CaseConference, { nullable: true, description: 'Plans a case conference (no attendance; any day) or records one held on or before today (with attendance). One a day.' })
  recordCaseConference(@Arg('input', () => CaseConferenceInput) input: CaseConferenceInput, @Ctx() context: IomContext): Promise<CaseConference> {
    return this.fresh(context, () => workflow.recordCaseConference(context.em, input, context.today));
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)
  @Mutation(() => CaseConference, { nullable: true, description: 'Holds a planned conference on or after its day: records who attended (replacing any attendance recorded). Reviews may then be recorded at it.' })
  recordConferenceAttendance(
    @Arg('conferenceId', () => ID) conferenceId: string,
    @Arg('attendance', () => [ConferenceAttendanceInput]) attendance: ConferenceAttendanceInput[],
    @Ctx() context: IomContext,
  ): Promise<CaseConference> {
    return this.fresh(context, () => workflow.recordConferenceAttendance(context.em, { conferenceId, attendance }, context.today));
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)
  @Mutation(() => CaseConference, { nullable: true, description: 'Closes a held conference: no more reviews are recorded at it.' })
  closeCaseConference(@Arg('conferenceId', () => ID) conferenceId: string, @Ctx() context: IomContext): Promise<CaseConference> {
    return this.fresh(context, () => workflow.closeCaseConference(context.em, conferenceId));
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => RagReview, { nullable: true, description: "Records a conference's review of an adopted case: RAG rating, rationale and actions." })
  recordRagReview(@Arg('input', () => RagReviewInput) input: RagReviewInput, @Ctx() context: IomContext): Promise<RagReview> {
    return this.fresh(context, () => workflow.recordRagReview(context.em, input), input.caseId);
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => ConferenceAction, { nullable: true, description: 'Moves an action on: OPEN → IN_PROGRESS → DONE, or CANCELLED.' })
  updateConferenceActionStatus(@Arg('input', () => ConferenceActionStatusInput) input: ConferenceActionStatusInput, @Ctx() context: IomContext): Promise<ConferenceAction> {
    return this.fresh(context, () => workflow.updateConferenceActionStatus(context.em, input, context.today), undefined, input.actionId);
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => PathwayAssessment, { nullable: true, description: 'Records a pathway assessment: at adoption, then every three months.' })
  recordPathwayAssessment(@Arg('input', () => PathwayAssessmentInput) input: PathwayAssessmentInput, @Ctx() context: IomContext): Promise<PathwayAssessment> {
    return this.fresh(context, () => workflow.recordPathwayAssessment(context.em, input, context.today), input.caseId);
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => IomCase, { nullable: true, description: 'Deselects with an exit plan; without three consecutive greens an overrideReason is required.' })
  deselectFromIom(@Arg('input', () => IomDeselectionInput) input: IomDeselectionInput, @Ctx() context: IomContext): Promise<IomCase> {
    return this.fresh(context, () => workflow.deselectFromIom(context.em, input, context.today), input.caseId);
  }

  @RequiresScope(Scope.CASE_MANAGEMENT)

  @Mutation(() => IomCase, { nullable: true, description: 'Ends a case for custody, a move away or death.' })
  endIomCase(@Arg('input', () => IomCaseEndInput) input: IomCaseEndInput, @Ctx() context: IomContext): Promise<IomCase> {
    return this.fresh(context, () => workflow.endIomCase(context.em, input, context.today), input.caseId);
  }
}
