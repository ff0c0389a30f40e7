import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { RoleEnum } from './user.type';

@InputType()
export class UserFilter {
  @Field(() => String, { nullable: true, description: 'Free text over email and name.' })
  q?: string;

  @Field(() => [ID], { nullable: true })
  ids?: string[];

  @Field(() => RoleEnum, { nullable: true })
  role?: RoleEnum;
}

@ArgsType()
export class CreateUserArgs {
  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => RoleEnum)
  role!: RoleEnum;

  @Field(() => String)
  password!: string;
}

@ArgsType()
export class UpdateUserArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true })
  email?: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => RoleEnum, { nullable: true })
  role?: RoleEnum;

  @Field(() => String, { nullable: true, description: 'A new password; omit to keep the current one.' })
  password?: string;
}
