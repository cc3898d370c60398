import { mount } from '../shared/root';
import { AgentApp } from './AgentApp';
import './agent.css';

mount(<AgentApp />, '客服工作台 · Agent workspace');
