// The dashboard's sign-in form filled and sent, as a person does (the fakes answer any demo account).
import { fireEvent, screen } from '@testing-library/preact';

export function submitSignIn(username: string, password = 'dangan-demo'): void {
  fireEvent.input(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.input(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}
