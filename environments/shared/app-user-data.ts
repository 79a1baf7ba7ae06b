/**
 * Boot script of the application's instances. The application's `.env` is read at boot from SSM
 * Parameter Store (`/<app>/<environment>/dotenv`, a SecureString in every region the environment
 * runs in) with the instance profile's credentials, so no secret is baked into the image or
 * written into the launch template. The golden image ships the AWS CLI for this.
 *
 * @param app the application, which names its system user, its parameter and its systemd services
 * @param services the systemd services to restart once the `.env` is in place
 */
export function appUserData(app: string, environment: string, services: readonly string[]): string {
  return `#!/bin/bash
set -euo pipefail
# IMDSv2: a session token first, then the region this instance runs in.
TOKEN=$(curl -sS -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)
install -d -m 750 -o ${app} -g ${app} /etc/${app}
aws ssm get-parameter --region "$REGION" --name "/${app}/${environment}/dotenv" --with-decryption \\
  --query Parameter.Value --output text > /etc/${app}/.env
chown ${app}:${app} /etc/${app}/.env
chmod 600 /etc/${app}/.env
systemctl restart ${services.join(" ")}
`;
}
