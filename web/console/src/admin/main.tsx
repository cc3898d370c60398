import { mount } from '../shared/root';
import { AdminApp } from './AdminApp';

mount(<AdminApp />, '管理后台 · Admin console');
