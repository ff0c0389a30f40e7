import { Field, InputType, Int } from 'type-graphql';

@InputType({
  description: 'One pair of an imported translation: positions in the original ↔ in the new text.',
})
export class AlignmentPairInput {
  @Field(() => [Int], { description: '1-based positions in the original.' })
  original!: number[];

  @Field(() => [Int], {
    description: '1-based positions in the imported text (as the preview numbers them).',
  })
  translation!: number[];
}
