%% expect: 10:8: syntax error before: ')'
%% expect: 13:2: unbalanced '-elif'
%% expect: 17:2: 'elif' following 'else'
%% expect: 20:2: -error("stop here").
%% expect: 25:2: badly formed 'if'
%% expect: 27:2: badly formed 'if'
%% expect: 29:2: badly formed 'if'
-module(pp_if_errors).

-if(1 +).
-endif.

-elif(true).

-if(true).
-else.
-elif(true).
-endif.

-error("stop here").
-if(false).
-error("never reported").
-endif.
-if(false).
-elif(max(1, 2) > 1).
-endif.
-if(case 1 of _ -> true end).
-endif.
-if(lists:max([1]) > 0).
-endif.
-if(unknown_function(1)).
-endif.
