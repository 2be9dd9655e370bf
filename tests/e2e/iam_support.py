"""IAM set-up the other suites share: STS AssumeRole needs the role to exist in IAM."""
from botocore.exceptions import ClientError

TRUST_ANYONE = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                '"Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}')


def ensure_role(iam, name, path="/"):
    """Creates role `name` with `iam` (a boto3 IAM client of the role's account) unless it
    exists; returns its ARN."""
    try:
        return iam.create_role(RoleName=name, Path=path,
                               AssumeRolePolicyDocument=TRUST_ANYONE)["Role"]["Arn"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
        return iam.get_role(RoleName=name)["Role"]["Arn"]
