/**
 * Boot script of the web instances. The application's `.env` is read from SSM Parameter Store at
 * boot, with the instance profile's credentials, so no secret is baked into the image or written
 * into the launch template.
 */
export function webUserData(environment: string): string {
  return `#!/bin/bash
set -euo pipefail
# IMDSv2: a session token first, then the region this instance runs in.
TOKEN=$(curl -sS -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)
install -d -m 750 -o web -g web /etc/web
aws ssm get-parameter --region "$REGION" --name "/web/${environment}/dotenv" --with-decryption \\
  --query Parameter.Value --output text > /etc/web/.env
chown web:web /etc/web/.env
chmod 600 /etc/web/.env
systemctl restart web.service nginx.service
`;
}
