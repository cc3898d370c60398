/** 账号与密钥 (admins): the workspace's operator accounts and its API keys. */
import { Space } from 'antd';
import { ApiKeysSection } from './ApiKeysSection';
import { UsersSection } from './UsersSection';

export default function UsersPage() {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-section="users">
      <UsersSection />
      <ApiKeysSection />
    </Space>
  );
}
