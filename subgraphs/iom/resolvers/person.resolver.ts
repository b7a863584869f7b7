import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { IomCase } from '../entities/case.entity';
import { IomPerson } from '../entities/iom-person';
import type { IomContext } from './context';
import { reviewsOf } from '../services/case-view';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { HUB_ID } from '../../kit/access/rows';

@Resolver(() => IomPerson)
export class IomPersonResolver {
  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => IomCase, { nullable: true, description: "The person's current IOM case (the latest referral, whatever its status); null if never referred." })
  async iom(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<IomCase | null> {
    return (await context.loaders.casesByPersonId.load(person.id)).at(-1) ?? null;
  }

  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => [IomCase], { nullable: true, description: 'Every IOM case the person has had, oldest referral first.' })
  iomCases(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<IomCase[]> {
    return context.loaders.casesByPersonId.load(person.id);
  }

  /**
   * What partners need to answer "since the last review" for the case conference: police and
   * probation declare it @external and @require it, so the gateway fetches it from here first.
   */
  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: "The day of the person's latest IOM review (their adoption day before any review); null when never adopted onto IOM.",
  })
  async iomLastReviewedOn(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<string | null> {
    // The latest case that was adopted: a conference may look back at a case that has since ended.
    const current = (await context.loaders.casesByPersonId.load(person.id)).filter((iomCase) => iomCase.adoptedOn).at(-1);
    if (!current?.adoptedOn) return null;
    return (await reviewsOf(context.loaders, current.id)).at(-1)?.reviewedOn ?? current.adoptedOn;
  }
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * IOM keeps nothing about a person but their cases, which the field resolvers batch: the
 * reference itself needs no statement, whatever the size of the gateway's `_entities` batch.
 */
export const iomReferenceResolvers = {
  Person: {
    async __resolveReference(reference: Record<string, unknown>, context: IomContext): Promise<IomPerson | null> {
      if (typeof reference.id !== 'string' || !UUID_SHAPE.test(reference.id)) return null;
      const id = reference.id.toLowerCase();
      // Outside the caller's row rule, IOM knows nothing about the person.
      return (await context.rows.allows(HUB_ID, id)) ? { id } : null;
    },
  },
};
