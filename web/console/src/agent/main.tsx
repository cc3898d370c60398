import { mount } from '../shared/root';
import { AgentApp } from './AgentApp';

mount(<AgentApp />, '客服工作台 · Agent workspace');
